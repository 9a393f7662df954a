"""Spoken-language cleanup: a transcript becomes clauses without hesitations, fillers,
commands and restarts, each marked when it replaces what came before (a self-correction).

Works on English words; Russian text is first glossed word by word (`lexicon_ru.gloss`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from voice2image.structure import lexicon_en as en
from voice2image.structure.text import PUNCTUATION, find, phrase, split_phrases, starts_with

_FILLERS = split_phrases((*en.FILLERS, "more like", "more"))
_MARKERS = split_phrases(en.CORRECTION_MARKERS)
_COMMANDS = split_phrases(en.COMMANDS)
_FRAMES = split_phrases(en.FRAMES)
# Markers strong enough to split a clause when a recogniser left out the comma.
_INLINE_MARKERS = split_phrases(("no wait", "i mean", "or rather", "scratch that", "sorry"))
# A clause that ends with one of these is unfinished: it continues in the next one.
_DANGLING = frozenset(
    {"of", "with", "like", "a", "an", "the", "and", "look", "he's", "she's", "it's", "is", "are"}
)
# After "no", these words say the speaker is correcting, not negating ("no, a raven").
_NO_THEN = frozenset(
    {"a", "an", "the", "actually", "not", "wait", "sorry", "make", "i", "more", "rather", "let"}
)
MAX_WORDS = 2000


@dataclass
class Clause:
    """A stretch of speech between pauses. `corrects`: it replaces the value said just before.
    `discards`: phrases withdrawn explicitly ("not a cat")."""

    words: list[str]
    said: str
    corrects: bool = False
    discards: list[list[str]] = field(default_factory=list)


@dataclass
class Cleaned:
    clauses: list[Clause]
    notes: list[str]

    @property
    def text(self) -> str:
        return ", ".join(phrase(c.words) for c in self.clauses if c.words)


def _segments(tokens: list[str]) -> list[list[str]]:
    """Split at punctuation and at inline correction markers; drop hesitation sounds."""
    segments: list[list[str]] = [[]]
    for token in tokens:
        if token in PUNCTUATION:
            segments.append([])
        elif token not in en.HESITATIONS:
            segments[-1].append(token)
    split: list[list[str]] = []
    for segment in segments:
        split.extend(_split_inline(segment))
    return [s for s in split if s]


def _split_inline(words: list[str]) -> list[list[str]]:
    for marker in _INLINE_MARKERS:
        index = find(words, marker, 1)
        if index > 0:
            end = index + len(marker)
            return [words[:index], words[index:end], *_split_inline(words[end:])]
    return [words]


def _join_dangling(segments: list[list[str]]) -> list[list[str]]:
    joined: list[list[str]] = []
    for segment in segments:
        if joined and (joined[-1][-1] in _DANGLING or segment[0] == "of"):
            joined[-1] = joined[-1] + segment
        else:
            joined.append(list(segment))
    return joined


def _strip_start(words: list[str], entries: list[list[str]]) -> tuple[list[str], bool]:
    for entry in entries:
        if starts_with(words, entry):
            return words[len(entry) :], True
    return words, False


def _strip_end(words: list[str], entries: list[list[str]]) -> tuple[list[str], bool]:
    for entry in entries:
        if len(words) >= len(entry) and words[-len(entry) :] == entry:
            return words[: -len(entry)], True
    return words, False


def _is_marker_no(words: list[str]) -> bool:
    return words[0] == "no" and (len(words) == 1 or words[1] in _NO_THEN)


def _strip(words: list[str]) -> tuple[list[str], bool, list[list[str]]]:
    """Peel fillers, correction markers and commands off a clause, as long as any is left."""
    corrects = False
    discards: list[list[str]] = []
    changed = True
    while words and changed:
        words, changed = _strip_start(words, _FILLERS)
        if not changed and _is_marker_no(words):
            words, changed, corrects = words[1:], True, True
        if not changed and words[0] != "no":
            words, changed = _strip_start(words, _MARKERS)
            corrects = corrects or changed
        if not changed and words[0] == "not" and len(words) > 1:
            discards.append([w for w in words[1:] if w not in en.DETERMINERS])
            words, changed, corrects = [], True, True
        if not changed:
            words, changed = _strip_start(words, _COMMANDS)
        if not changed:
            words, changed = _strip_start(words, _FRAMES)
        if not changed and words:
            words, changed = _strip_end(words, _FILLERS)
    return words, corrects, discards


def _drop_restarts(clauses: list[Clause]) -> list[Clause]:
    """ "a big... a big fluffy dog": a clause that the next one starts with again is dropped."""
    kept: list[Clause] = []
    for index, clause in enumerate(clauses):
        after = clauses[index + 1] if index + 1 < len(clauses) else None
        if (
            after is not None
            and clause.words
            and len(clause.words) < len(after.words)
            and starts_with(after.words, clause.words)
            and not clause.corrects
        ):
            continue
        kept.append(clause)
    return kept


def clean(tokens: list[str]) -> Cleaned:
    """Clauses of one English (or glossed) transcript, with self-correction marks."""
    notes: list[str] = []
    if len(tokens) > MAX_WORDS:
        notes.append(f"transcript cut to its first {MAX_WORDS} words (had {len(tokens)})")
        tokens = tokens[:MAX_WORDS]
    clauses: list[Clause] = []
    pending = False
    pending_discards: list[list[str]] = []
    for segment in _join_dangling(_segments(tokens)):
        words, corrects, discards = _strip(segment)
        pending = pending or corrects
        pending_discards.extend(discards)
        if not words:
            continue
        clauses.append(Clause(words, phrase(segment), pending, pending_discards))
        pending, pending_discards = False, []
    if pending_discards:
        clauses.append(Clause([], "", True, pending_discards))
    if not any(c.words for c in clauses):
        notes.append("nothing left after removing fillers and commands")
    return Cleaned(_drop_restarts(clauses), notes)
