"""The slot arbiter learned from dev annotations (`structure/syntax/arbiter.py`)."""

from __future__ import annotations

import numpy as np
import pytest

from voice2image.evaluation.text import pooled_units, slot_counts
from voice2image.schema import StructuredDescription, Subject
from voice2image.structure.syntax import SyntaxStructurer
from voice2image.structure.syntax.arbiter import SlotArbiter, labelled, moved
from voice2image.structure.syntax.lexicon import WORDNET_DIR, Lexicon


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load(WORDNET_DIR)


def rowing(place: str) -> tuple[str, StructuredDescription, StructuredDescription]:
    """Every author puts the boat the rowers are in among the things, the water in the setting."""
    said = StructuredDescription(
        subjects=[Subject(noun="rower", count=8)], setting=f"boat, {place}", mood="very detailed"
    )
    gold = StructuredDescription(
        subjects=[Subject(noun="rower", count=8), Subject(noun="boat")], setting=place
    )
    return "en", said, gold


PLACES = ["misty lake", "wide river", "calm sea", "quiet bay", "dark pond", "cold fjord"]


def f1(said: StructuredDescription, gold: StructuredDescription) -> float:
    counts = slot_counts(said, gold).values()
    matched, predicted, wanted = (sum(c[k] for c in counts) for k in range(3))
    return 2 * matched / (predicted + wanted)


def test_moved_units_keep_their_words_in_the_new_slot():
    said = StructuredDescription(
        subjects=[Subject(noun="rower", count=8), Subject(noun="boat", attributes=["long"])],
        setting="misty lake",
        mood="very detailed",
    )
    units = pooled_units(said)
    boat = units.index(("subjects", "boat", 1))
    detailed = units.index(("mood", "very detailed", None))
    lake = units.index(("setting", "misty lake", None))
    new = moved(said, {boat: "setting", detailed: "drop", lake: "subjects"})
    assert new.setting == "long boat" and new.mood is None
    assert [(s.noun, s.count) for s in new.subjects] == [("rower", 8), ("misty lake", 1)]


def test_units_are_labelled_with_the_slot_annotators_used(lexicon):
    _, labels = labelled([rowing("misty lake")], lexicon)
    # rower, then the setting's two units (boat, misty lake), then the mood no one wrote
    assert labels == ["subjects", "subjects", "setting", "drop"]


def test_an_arbiter_learns_where_annotators_put_a_kind_of_unit(lexicon):
    arbiter = SlotArbiter.fit([rowing(p) for p in PLACES], lexicon, {"en": 0.2}, drop=True)
    _, said, gold = rowing("green canal")
    assert f1(said, gold) < 1.0
    assert f1(arbiter.apply(said, "en"), gold) == 1.0
    # a language without a margin is left as parsed
    assert arbiter.apply(said, "ru") == said
    # what a self-correction kept stays where the repair put it ("a raft, no, a boat")
    kept = arbiter.apply(said, "en", kept=["boat"])
    assert kept.setting is not None and "boat" in kept.setting and kept.mood is None


def test_the_saved_arbiter_predicts_what_scikit_learn_fitted(lexicon):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    items = [rowing(p) for p in PLACES]
    arbiter = SlotArbiter.fit(items, lexicon, {"en": 0.2}, drop=True)
    rows, labels = labelled(items, lexicon)
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=1.0, max_iter=2000).fit(vectorizer.fit_transform(rows), labels)
    again = SlotArbiter.from_json(arbiter.to_json(), lexicon)
    assert np.allclose(again.probabilities(rows), model.predict_proba(vectorizer.transform(rows)))


def test_the_structurer_learns_its_arbiter_from_dev_only_and_caches_it(tmp_path, lexicon):
    folder = tmp_path / "dev"
    folder.mkdir()
    (folder / "en.yaml").write_text(
        "".join(
            f"""- id: en_{i:03d}
  language: en
  text: "eight rowers in a long narrow boat on a {place}"
  gold:
    subjects:
      - {{noun: rower, count: 8, attributes: []}}
      - {{noun: boat, count: 1, attributes: []}}
    setting: {place}
  phenomena: [multi_subject]
"""
            for i, place in enumerate(PLACES)
        ),
        encoding="utf-8",
    )
    spec = {"descriptions": str(folder), "margins": {"en": 0.2}, "drop": True}
    structurer = SyntaxStructurer(cache_dir=str(tmp_path / "cache"), arbiter=spec)
    structurer.load()
    assert len(list((tmp_path / "cache").glob("arbiter-*.json"))) == 1
    said = structurer.structure("eight rowers in a long narrow boat on a green canal", "en")
    # the boat they are in is one of the things, as the dev annotators had it
    assert [s.noun for s in said.description.subjects] == ["rower", "long narrow boat"]
    assert said.description.setting == "green canal"
    test = tmp_path / "test"
    test.mkdir()
    (test / "en.yaml").write_text((folder / "en.yaml").read_text(), encoding="utf-8")
    with pytest.raises(ValueError, match="never learn from test"):
        SyntaxStructurer(arbiter={"descriptions": str(test)})
