"""Word-level text helpers shared by the structurers: normalising, tokenising, phrase search."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from voice2image.structure import lexicon_en as en

# Words (letters or digits, inner apostrophes and hyphens allowed) and clause punctuation.
# Emoji, symbols and other marks are neither, so they vanish here.
_TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*|\.\.\.|[,.;:!?]")
PUNCTUATION = frozenset({",", ".", ";", ":", "!", "?", "..."})


def normalise(text: str) -> str:
    """NFKC, lower case, typographic apostrophes and ellipses to ASCII, `ё` to `е`."""
    text = unicodedata.normalize("NFKC", text).lower()
    return text.replace("\u2019", "'").replace("\u2026", "...").replace("ё", "е")


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text))


# what the slot arbiter and the compound chooser compare a unit with: plain lower-case words,
# punctuation and hyphens dropped ("close-up" is "close", "up")
_HEARD = re.compile(r"[a-z0-9']+")


def heard_words(text: str) -> list[str]:
    return _HEARD.findall(text.lower())


def phrase(words: Iterable[str]) -> str:
    return " ".join(words)


def split_phrases(entries: Iterable[str]) -> list[list[str]]:
    """Multi-word entries as token lists, longest first (so "close up" wins over "close")."""
    return sorted((entry.split() for entry in entries), key=len, reverse=True)


def starts_with(words: Sequence[str], tokens: Sequence[str]) -> bool:
    return len(words) >= len(tokens) and list(words[: len(tokens)]) == list(tokens)


def find(words: Sequence[str], tokens: Sequence[str], start: int = 0) -> int:
    """Index of the first occurrence of `tokens` in `words` at or after `start`, or -1."""
    size = len(tokens)
    for index in range(start, len(words) - size + 1):
        if list(words[index : index + size]) == list(tokens):
            return index
    return -1


# singular nouns that end in "men" (not plurals of "-man")
_SINGULAR_MEN = frozenset(
    {
        "omen",
        "amen",
        "specimen",
        "abdomen",
        "stamen",
        "regimen",
        "semen",
        "ramen",
        "acumen",
        "albumen",
        "bitumen",
        "lumen",
        "cyclamen",
        "hymen",
        "yemen",
        "dolmen",
        "foramen",
    }
)


def singular(word: str) -> str:
    """A noun's singular, by rule: good enough for the head nouns of picture descriptions."""
    if word in en.IRREGULAR_PLURALS:
        return en.IRREGULAR_PLURALS[word]
    if word.endswith("men") and len(word) > 4 and word not in _SINGULAR_MEN:
        return word[:-3] + "man"  # fishermen, snowmen, policewomen
    if len(word) <= 3 or word in en.SINGULAR_S or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zzes", "sses")):
        return word[:-2]
    if word.endswith("oes") and word not in ("shoes", "canoes"):
        return word[:-2]
    if word.endswith("us") or word.endswith("is"):
        return word
    return word[:-1]


def is_plural(word: str) -> bool:
    return singular(word) != word
