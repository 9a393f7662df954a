"""English for Russian words the glossary lacks, from an English-Russian dictionary read backwards.

There is no free Russian-English dictionary in a package we can install, but Debian ships the
Mueller English-Russian dictionary (`mueller7-dict`, 7th edition, GPL, about 46,000 headwords,
dictd format in /usr/share/dictd). `InvertedDictionary` reads it once and indexes every Russian
gloss under the English headwords it translates. A Russian lemma then has a list of English
candidates ("воронка": funnel, crater, hopper, filler), ranked by how central the Russian word is
to each entry: the English part of speech asked for, an earlier sense, an earlier place in the
sense, no usage label (technical, obsolete, dialect), a plain one-word headword, and, last, how
common the English word is (WordNet's sense counts). The ranking was tuned on the project's own
glossary, not on any description (scripts/evaluate_lexical.py).

The `russian_gloss_dictionary` translator uses it; the default does not: it gives English for
five times as many unknown words, half of them right, and slot F1 did not move
(docs/structuring.md, "Twenty-fourth round").
"""

from __future__ import annotations

import gzip
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from voice2image.structure.russian.lexical import wordnet_index

MUELLER_PATH = Path("/usr/share/dictd/mueller7.dict.dz")

# Part-of-speech marks of the dictionary -> the tagger's parts of speech.
_POS_MARKS = {"_n.": "NOUN", "_a.": "ADJ", "_v.": "VERB", "_adv.": "ADV"}
# Usage labels that make a gloss an unlikely reading of an everyday description.
_RARE_LABELS = (
    "_уст.",
    "_диал.",
    "_шотл.",
    "_ирл.",
    "_жарг.",
    "_сл.",
    "_редк.",
    "_поэт.",
    "_арх.",
    "_груб.",
    "_презр.",
    "_библ.",
    "_миф.",
    "_ист.",
    "_юр.",
    "_полигр.",
    "_тех.",
    "_мор.",
    "_воен.",
    "_горн.",
    "_хим.",
    "_мед.",
    "_физ.",
    "_эл.",
    "_радио",
    "_ж-д.",
    "_бирж.",
    "_ком.",
    "_фин.",
    "_церк.",
    "_амер.",
    "_ам.",
    "_австрал.",
    "_инд.",
    "_школ.",
    "_унив.",
    "_спорт.",
    "_карт.",
    "_театр.",
    "_парл.",
    "_фон.",
    "_грам.",
    "_лингв.",
    "_филос.",
    "_мат.",
    "_геом.",
    "_анат.",
    "_физиол.",
    "_биол.",
    "_геол.",
    "_мин.",
    "_метал.",
)
# British endings -> American, tried where WordNet has the American word.
_AMERICAN = (("ogue", "og"), ("our", "or"), ("tre", "ter"))
_TRANSCRIPTION = re.compile(r"\[[^\]]*\]")
_PARENTHESES = re.compile(r"\([^()]*\)")
# "1.", "2." open a part of speech; "1)" opens a sense, "а)" a sub-sense.
_POS_BLOCK = re.compile(r"(?:^|\s)\d+\.\s")
_SENSE = re.compile(r"(?:^|\s)(\d+|[а-я])\)\s")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC_GLOSS = re.compile(r"[а-яё]+(?:[ -][а-яё]+){0,2}")
_LABEL = re.compile(r"_[^\s.]+\.?")


@dataclass(frozen=True, slots=True)
class Candidate:
    english: str
    pos: str | None  # the English entry's part of speech, when the dictionary marks one
    sense: int  # 0: the first sense of its part of speech
    place: int  # 0: the first gloss of its sense
    rare: bool  # the sense carries a usage label


def _normalise(word: str) -> str:
    return word.lower().replace("ё", "е")


def _senses(body: str) -> list[tuple[str | None, list[str], bool]]:
    """(part of speech, Russian glosses in order, usage label) for each sense of one entry.
    A sense stops at its first piece with Latin letters: what follows is an example or a
    phrasal verb, and so are the lettered sub-senses after it ("roll out а) раскатывать")."""
    senses: list[tuple[str | None, list[str], bool]] = []
    for block in _POS_BLOCK.split(body):
        pos = next((tag for mark, tag in _POS_MARKS.items() if mark in block.split()[:3]), None)
        pieces = _SENSE.split(block)
        phrasal = False
        for marker, sense in zip(["1", *pieces[1::2]], pieces[0::2], strict=True):
            if marker.isdigit():
                phrasal = False
            if phrasal or not sense.strip():
                continue
            glosses, phrasal = _glosses(sense)
            senses.append((pos, glosses, any(label in sense for label in _RARE_LABELS)))
    return senses


def _glosses(sense: str) -> tuple[list[str], bool]:
    """The Russian glosses of one sense, and whether a piece with Latin letters ended it."""
    text = _PARENTHESES.sub(" ", _PARENTHESES.sub(" ", sense))  # twice: "(a (b) c)"
    found: list[str] = []
    for piece in re.split(r"[;,]", text):
        piece = _LABEL.sub(" ", piece).strip(" .!")
        if _LATIN.search(piece):
            return found, True
        if _CYRILLIC_GLOSS.fullmatch(piece.lower()):
            found.append(_normalise(piece))
    return found, False


class InvertedDictionary:
    """Russian lemma -> English candidates, from a dictd English-Russian dictionary."""

    def __init__(self, path: str | Path = MUELLER_PATH, wordnet_dir: str | Path | None = None):
        self.path = Path(path)
        self.wordnet_dir = Path(wordnet_dir) if wordnet_dir else None
        self._index: dict[str, list[Candidate]] = {}
        self._common: dict[tuple[str, str], int] = {}

    def load(self) -> None:
        if self._index:
            return
        try:
            with gzip.open(self.path, "rt", encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(
                f"{self.path}: cannot read the English-Russian dictionary ({error}); install "
                "Debian mueller7-dict, or set the translator's `dictionary: null`"
            ) from None
        index: dict[str, list[Candidate]] = defaultdict(list)
        for headword, body in _entries(text):
            for sense_number, (pos, glosses, rare) in enumerate(_senses(body)):
                for place, gloss in enumerate(glosses):
                    index[gloss].append(Candidate(headword, pos, sense_number, place, rare))
        self._index = dict(index)
        if self.wordnet_dir is not None:
            self._common = _wordnet_counts(self.wordnet_dir)

    def candidates(self, lemma: str, pos: str | None = None) -> list[Candidate]:
        """The English candidates for a Russian lemma, best first."""
        found = self._index.get(_normalise(lemma), [])
        return sorted(found, key=lambda c: self._cost(c, pos))

    def english(self, lemma: str, pos: str | None = None) -> str | None:
        """The best English for a Russian lemma in the given part of speech, or None."""
        found = self.candidates(lemma, pos)
        if not found or (pos is not None and found[0].pos not in (None, pos)):
            return None
        return self._spelling(found[0].english)

    def _cost(self, candidate: Candidate, pos: str | None) -> float:
        """Lower is better. The weights were chosen on the glossary's nouns, adjectives and
        adverbs: for 0.52 of the words found the top candidate agrees with the glossary's
        English (0.48 ranked by sense and place alone, without WordNet's counts)."""
        word = candidate.english.lower().replace("-", " ")
        plain = candidate.english[:1].islower() and all(p.isalpha() for p in word.split())
        common = self._common.get((word, pos or candidate.pos or "NOUN"), 0)
        return (
            100.0 * (pos is not None and candidate.pos not in (None, pos))
            + 1.0 * candidate.rare
            + 2.0 * (not plain)
            + min(candidate.sense, 3)
            + min(candidate.place, 3)
            - 1.5 * math.log1p(common)
        )

    def _spelling(self, english: str) -> str:
        """Today's American spelling, which the glossary and the annotators use, where WordNet
        has it: an old hyphenated compound joined or spaced ("fire-place" is "fireplace",
        "test-tube" is "test tube"), a British ending American ("catalogue", "colour", "centre")."""
        forms = [english]
        if "-" in english:
            forms = [english.replace("-", ""), english.replace("-", " "), english]
        for form in forms:
            for british, american in _AMERICAN:
                if len(form) > len(british) + 1 and form.endswith(british):
                    spelled = form[: -len(british)] + american
                    if self._known(spelled):
                        return spelled
            if form is english or self._known(form):
                return form
        return english

    def _known(self, english: str) -> bool:
        return any((english.lower(), pos) in self._common for pos in _POS_MARKS.values())

    def __len__(self) -> int:
        return len(self._index)


def _entries(text: str) -> list[tuple[str, str]]:
    """(headword, body) of each dictd entry: a headword line at the margin, its body indented."""
    entries: list[tuple[str, str]] = []
    headword: str | None = None
    body: list[str] = []
    for line in text.splitlines():
        if line and not line[0].isspace():
            if headword is not None:
                entries.append((headword, " ".join(body)))
            headword, body = line.strip(), []
        elif headword is not None:
            body.append(line.strip())
    if headword is not None:
        entries.append((headword, " ".join(body)))
    return [
        (word, _TRANSCRIPTION.sub(" ", body))
        for word, body in entries
        if not word.startswith(("00-database", "_"))
    ]


def _wordnet_counts(wordnet_dir: Path) -> dict[tuple[str, str], int]:
    """How common an English word is, by part of speech: WordNet's count of its senses plus
    the tagged-corpus count of them (index.* files)."""
    counts: dict[tuple[str, str], int] = {}
    for part, pos in (("noun", "NOUN"), ("adj", "ADJ"), ("verb", "VERB"), ("adv", "ADV")):
        path = wordnet_dir / f"index.{part}"
        if not path.is_file():
            continue
        for lemma, senses, tagged in wordnet_index(path):
            counts[(lemma.replace("_", " "), pos)] = senses + tagged
    return counts
