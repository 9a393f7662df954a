"""`none`: the baseline. Hesitation sounds removed, nothing else: the transcript is the prompt."""

from __future__ import annotations

from voice2image.schema import StructuredDescription
from voice2image.structure import lexicon_en
from voice2image.structure.base import StructureResult
from voice2image.structure.text import tokenize

_RUSSIAN_HESITATIONS = frozenset({"э", "ээ", "эм", "мм", "хм"})


class NoneStructurer:
    def __init__(self, name: str = "none") -> None:
        self.name = name

    def load(self) -> None:
        return None

    def structure(self, text: str, language: str | None) -> StructureResult:
        drop = lexicon_en.HESITATIONS | _RUSSIAN_HESITATIONS
        words = [t for t in tokenize(text) if t not in drop]
        cleaned = " ".join(words).replace(" ,", ",").replace(" .", ".").replace(" ?", "?")
        cleaned = " ".join(cleaned.replace(" ...", "...").split()).strip(" ,")
        if not any(c.isalnum() for c in cleaned):
            cleaned = ""
        warnings = [] if cleaned else ["nothing left after removing hesitations"]
        return StructureResult(
            description=StructuredDescription(),
            cleaned=cleaned,
            method=self.name,
            warnings=warnings,
        )
