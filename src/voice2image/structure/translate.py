"""Translators: a spoken description in another language rendered as English words, for the
structurers that read English (`syntax`). One interface; backends are chosen by a Hydra
`_target_` sub-config.

A translation keeps the speech as spoken: fillers, commands, negations and self-corrections
are rendered as their English equivalents ("um", "draw", "no", "I mean", "without"), not
resolved, so the English structurer finds the repairs itself.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

from voice2image.structure import lexicon_ru
from voice2image.structure.text import tokenize


class Translation(BaseModel):
    """`text`: the English rendering; `untranslated`: source words the translator could not
    render (left in `text` as they are, so the caller can mark them)."""

    text: str
    untranslated: list[str] = Field(default_factory=list)


@runtime_checkable
class Translator(Protocol):
    """Renders a transcript in `language` as English. `load()` is called once before the
    first text; `translate` must not raise on any text."""

    name: str

    def load(self) -> None: ...

    def translate(self, text: str, language: str) -> Translation: ...


def has_cyrillic(word: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in word)


class LexiconGlossTranslator:
    """Word-by-word glossing with the `rules` structurer's Russian lexicon
    (`lexicon_ru.gloss`: phrases, then whole words, then the longest known stem). A baseline:
    the lexicon was written from the dev split, so unseen vocabulary stays Russian and is
    listed in `untranslated`. Languages other than Russian pass through unchanged."""

    def __init__(self, name: str = "lexicon_gloss") -> None:
        self.name = name

    def load(self) -> None:
        return None

    def translate(self, text: str, language: str) -> Translation:
        if language != "ru" and not any(has_cyrillic(t) for t in tokenize(text)):
            return Translation(text=text)
        glossed, unknown = lexicon_ru.gloss(tokenize(text))
        return Translation(text=" ".join(glossed), untranslated=list(dict.fromkeys(unknown)))
