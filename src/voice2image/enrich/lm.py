"""`lm`: prompt expansion with a causal LM (MagicPrompt / Promptist style). The model continues
the content prompt; the new comma-separated phrases become low-priority parts, dropped first
when the window is full."""

from __future__ import annotations

import re
from typing import Any

from voice2image.enrich.base import Enriched
from voice2image.enrich.basic import DEFAULT_NEGATIVE, content
from voice2image.enrich.prompting import PRIORITY, Part
from voice2image.schema import StructuredDescription
from voice2image.structure.tiny_lm import generate, load_causal_lm

_PHRASE = re.compile(r"^[a-z0-9][a-z0-9 '\-]{1,40}$")


def expansion_phrases(text: str, limit: int) -> list[str]:
    """Short, clean, distinct phrases of generated text (noise and sentences dropped)."""
    phrases: list[str] = []
    for piece in re.split(r"[,\n.;|]", text.lower()):
        piece = " ".join(piece.split())
        if _PHRASE.match(piece) and len(piece.split()) <= 5 and piece not in phrases:
            phrases.append(piece)
    return phrases[:limit]


class LMEnricher:
    def __init__(
        self,
        model: str,
        name: str = "lm",
        max_new_tokens: int = 48,
        max_phrases: int = 8,
        negative: list[str] | None = None,
        device: str = "cpu",
        seed: int = 0,
        render: Any = None,
    ) -> None:
        self.name = name
        self.model_name = model
        self.max_new_tokens = max_new_tokens
        self.max_phrases = max_phrases
        self.negative = list(DEFAULT_NEGATIVE if negative is None else negative)
        self.device = device
        self.seed = seed
        self.render = render
        self._tokenizer: Any = None
        self._model: Any = None

    def load(self) -> None:
        self._tokenizer, self._model = load_causal_lm(self.model_name, self.device)

    def enrich(
        self, description: StructuredDescription, cleaned: str, speaker: str | None
    ) -> Enriched:
        if self._model is None:
            self.load()
        parts = content(description, cleaned)
        base = ", ".join(p.text for p in parts)
        warnings = []
        if base:
            generated = generate(self._tokenizer, self._model, base + ",", self.max_new_tokens)
            extra = [p for p in expansion_phrases(generated, self.max_phrases) if p not in base]
            if not extra:
                warnings.append("the language model added nothing usable")
            parts += [Part(p, "tag", PRIORITY["expansion"]) for p in extra]
        return Enriched(parts, [*description.negative, *self.negative], warnings=warnings)
