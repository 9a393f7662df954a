"""Text normalisers applied to both reference and hypothesis before WER, as Whisper's authors do.

English: Whisper's `EnglishTextNormalizer` (lower case, punctuation removed, spelled-out
numbers to digits, British to American spelling, hesitations such as "um", "uh", "hmm" dropped,
contractions expanded).

Russian (ours, documented in docs/evaluation.md): Whisper's `BasicTextNormalizer` (lower case,
punctuation and symbols removed, whitespace collapsed), then "ё" to "е" (written
interchangeably in Russian) and pure hesitation sounds dropped (э, ээ, эм, мм, хм), mirroring
the English hesitation list. Words such as "ну" are kept: they are words. Numbers are not
normalised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

RUSSIAN_HESITATIONS = re.compile(r"\b(?:э+|э+м+|м+|х+м+|а+м+)\b")


@cache
def _english() -> Callable[[str], str]:
    from whisper.normalizers import EnglishTextNormalizer

    return EnglishTextNormalizer()


@cache
def _basic() -> Callable[[str], str]:
    from whisper.normalizers import BasicTextNormalizer

    return BasicTextNormalizer()


def normalize_russian(text: str) -> str:
    text = _basic()(text).replace("ё", "е")
    return " ".join(RUSSIAN_HESITATIONS.sub(" ", text).split())


def normalize(text: str, language: str) -> str:
    if language == "en":
        return _english()(text)
    if language == "ru":
        return normalize_russian(text)
    return " ".join(_basic()(text).split())
