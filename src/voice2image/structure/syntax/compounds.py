"""A learned choice between a compound noun and a head noun with its modifier as an attribute.

Annotators write "a fishing village" as the noun "village" with the attribute "fishing" about as
often as they keep "fishing village" whole (dev English: 303 and 359 of the parse's compound
subjects they matched), and keep "a snowy owl" whole where the parse reads "snowy" as an
attribute. Which they do depends on the words (a material or a trade is an attribute, a breed or
a species name is not), so it is learned, not listed: a logistic regression over each candidate,
trained on the dev annotations together with the slot arbiter (`arbiter.py`), and applied before
it. A candidate is a subject whose noun has several words (split: the head stays the noun, the
words before it become its last attribute) or a subject whose last attribute was said right
before its noun (join: "snowy" + "owl" -> "snowy owl"). Its label is whether the change gains a
matched attribute (split) or loses none (join), scored as `evaluation.text` scores. A candidate
changes when its chance passes its language's threshold for its kind (`thresholds`, chosen
leave-one-author-out on dev: docs/structuring.md, "Thirtieth round"); a language without
thresholds keeps its subjects as parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from voice2image.evaluation.text import slot_counts, words
from voice2image.schema import StructuredDescription, Subject
from voice2image.structure.syntax.lexicon import Lexicon
from voice2image.structure.text import find, heard_words, singular

SPLIT, JOIN = "split", "join"


class Candidate(NamedTuple):
    """One subject that could be read the other way: `changed` is it read that way."""

    subject: int  # index into the description's subjects
    kind: str  # SPLIT or JOIN
    modifier: str  # the words before the head noun
    head: str  # the head noun
    changed: Subject


def candidates(said: StructuredDescription, heard: str) -> list[Candidate]:
    """The subjects of `said` that could be split or joined; `heard`: the English text the parse
    read (a join needs the attribute said right before its noun there)."""
    said_words = [singular(w) for w in heard_words(heard)]
    found = []
    for index, subject in enumerate(said.subjects):
        parts = subject.noun.split()
        if len(parts) >= 2:
            modifier = " ".join(parts[:-1])
            changed = Subject(
                noun=parts[-1], count=subject.count, attributes=[*subject.attributes, modifier]
            )
            found.append(Candidate(index, SPLIT, modifier, parts[-1], changed))
        elif subject.attributes and len(subject.attributes[-1].split()) <= 2:
            modifier = subject.attributes[-1]
            said_together = [singular(w) for w in heard_words(f"{modifier} {subject.noun}")]
            if find(said_words, said_together) < 0:
                continue
            changed = Subject(
                noun=f"{modifier} {subject.noun}",
                count=subject.count,
                attributes=subject.attributes[:-1],
            )
            found.append(Candidate(index, JOIN, modifier, subject.noun, changed))
    return found


def features(
    candidate: Candidate, said: StructuredDescription, language: str, lexicon: Lexicon, heard: str
) -> dict[str, float]:
    kind = candidate.kind
    modifier = candidate.modifier.lower().split()
    last, head = singular(modifier[-1]), singular(candidate.head.lower())
    subject = said.subjects[candidate.subject]
    # a capital said: a name ("a Ferguson tractor")
    capital = re.search(r"\b" + re.escape(last.capitalize()), heard) is not None
    whole = lexicon.is_noun(f"{candidate.modifier.lower()} {head}")
    noun, adjective = lexicon.is_noun(last), lexicon.has_adjective(last)
    found = {
        f"kind={kind}": 1.0,
        f"lang={language}": 1.0,
        f"{kind}&modifier words={min(len(modifier), 3)}": 1.0,
        f"{kind}&modifier={last}": 1.0,
        f"{kind}&head={head}": 1.0,
        f"{kind}&pair={last}_{head}": 1.0,
        # WordNet names the whole ("steam locomotive", "golden retriever")
        f"{kind}&wordnet compound={whole}": 1.0,
        f"{kind}&modifier noun={noun}&adjective={adjective}": 1.0,
        f"{kind}&attributes={min(len(subject.attributes), 3)}": 1.0,
        f"{kind}&capital={capital}": 1.0,
    }
    for category in lexicon.noun_first(last):
        found[f"{kind}&modifier kind={category}"] = 1.0
    for category in lexicon.noun_first(head):
        found[f"{kind}&head kind={category}"] = 1.0
    return found


def _matched(said: StructuredDescription, gold: StructuredDescription) -> int:
    return sum(matched for matched, _, _ in slot_counts(said, gold).values())


def with_subject(
    said: StructuredDescription, index: int, subject: Subject
) -> StructuredDescription:
    subjects = list(said.subjects)
    subjects[index] = subject
    return said.model_copy(update={"subjects": subjects})


def protected(candidate: Candidate, kept: Iterable[str]) -> bool:
    """Whether the candidate holds what a self-correction kept, which stays as it was said
    ("no, a roseate spoonbill": the noun stays whole; "no, a snowy owl" said as "owl" [snowy]:
    the attribute stays)."""
    modifier = words(candidate.modifier)
    repaired = [words(phrase) for phrase in kept if phrase.strip()]
    if candidate.kind == JOIN:
        return modifier in repaired
    return any(set(modifier) <= set(phrase) for phrase in repaired)


Example = tuple[str, StructuredDescription, StructuredDescription, str, Sequence[str]]


def labelled(
    items: Iterable[Example], lexicon: Lexicon
) -> tuple[list[dict[str, float]], list[int]]:
    """Each candidate's features and whether annotators read it the other way: (language,
    the parse's description, the gold one, the text the parse read, what its self-corrections
    kept) per item. A candidate that holds a kept phrase is left out, as `apply` leaves it."""
    rows, labels = [], []
    for language, said, gold, heard, kept in items:
        before = _matched(said, gold)
        for candidate in candidates(said, heard):
            if protected(candidate, kept):
                continue
            after = _matched(with_subject(said, candidate.subject, candidate.changed), gold)
            rows.append(features(candidate, said, language, lexicon, heard))
            labels.append(int(after > before if candidate.kind == SPLIT else after >= before))
    return rows, labels


Thresholds = Mapping[str, Mapping[str, float]]  # {language: {SPLIT: chance, JOIN: chance}}


class CompoundChooser:
    """A fitted choice: the feature vocabulary, the regression weights, and per language and
    kind the chance a candidate must pass to change."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        coef: np.ndarray,
        intercept: float,
        thresholds: Thresholds,
        lexicon: Lexicon,
    ) -> None:
        self.vocabulary, self.coef, self.intercept = vocabulary, coef, intercept
        self.thresholds = {language: dict(kinds) for language, kinds in thresholds.items()}
        self.lexicon = lexicon

    @classmethod
    def fit(
        cls,
        items: Sequence[Example],
        lexicon: Lexicon,
        thresholds: Thresholds,
    ) -> CompoundChooser | None:
        """Learned from the items of every language (the language is a feature); None when
        they give no candidate of both outcomes to learn from."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        rows, labels = labelled(items, lexicon)
        if len(set(labels)) < 2:
            return None
        vectorizer = DictVectorizer()
        model = LogisticRegression(C=1.0, max_iter=3000).fit(vectorizer.fit_transform(rows), labels)
        vocabulary = {name: int(i) for name, i in vectorizer.vocabulary_.items()}
        return cls(vocabulary, model.coef_[0], float(model.intercept_[0]), thresholds, lexicon)

    def chance(self, row: Mapping[str, float]) -> float:
        score = self.intercept + sum(
            value * self.coef[self.vocabulary[name]]
            for name, value in row.items()
            if name in self.vocabulary
        )
        return float(1.0 / (1.0 + np.exp(-score)))

    def apply(
        self, said: StructuredDescription, language: str, heard: str, kept: Iterable[str] = ()
    ) -> StructuredDescription:
        """`said` with each candidate whose chance passes its threshold read the other way,
        except one that holds what a self-correction kept (`protected`)."""
        limits = self.thresholds.get(language)
        if not limits:
            return said
        kept = list(kept)
        for candidate in candidates(said, heard):
            threshold = limits.get(candidate.kind)
            if threshold is None or protected(candidate, kept):
                continue
            row = features(candidate, said, language, self.lexicon, heard)
            if self.chance(row) > threshold:
                said = with_subject(said, candidate.subject, candidate.changed)
        return said

    def to_dict(self) -> dict[str, Any]:
        return {
            "vocabulary": self.vocabulary,
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "thresholds": self.thresholds,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], lexicon: Lexicon) -> CompoundChooser:
        return cls(
            dict(data["vocabulary"]),
            np.asarray(data["coef"]),
            float(data["intercept"]),
            dict(data["thresholds"]),
            lexicon,
        )
