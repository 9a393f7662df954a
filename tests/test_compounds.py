"""The learned choice between a compound noun and a head with an attribute (`compounds.py`)."""

from __future__ import annotations

import pytest

from voice2image.schema import StructuredDescription, Subject
from voice2image.structure.syntax import SyntaxStructurer
from voice2image.structure.syntax.arbiter import Item, SlotArbiter, training_key
from voice2image.structure.syntax.compounds import (
    JOIN,
    SPLIT,
    CompoundChooser,
    candidates,
    labelled,
)
from voice2image.structure.syntax.lexicon import WORDNET_DIR, Lexicon

THRESHOLDS = {"en": {SPLIT: 0.4, JOIN: 0.6}}
# annotators write a material as the thing's attribute ("teapot" [porcelain]) ...
MATERIALS = [("clay", "teapot"), ("leather", "jug"), ("brass", "vase"), ("tin", "bell")]
MATERIALS += [("clay", "scarf"), ("leather", "saddle"), ("marble", "statue"), ("tin", "cup")]
# ... and keep a kind of thing whole ("fire truck")
KINDS = [("fire", "truck"), ("police", "car"), ("tree", "house"), ("bus", "driver")]
KINDS += [("sea", "lion"), ("night", "watchman"), ("school", "bus"), ("football", "boot")]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load(WORDNET_DIR)


Read = tuple[str, StructuredDescription, StructuredDescription, str, tuple[str, ...]]


def item(modifier: str, head: str, split: bool, kept: tuple[str, ...] = ()) -> Read:
    """A compound the parse read whole, on a table, "very detailed" (which no annotator wrote)."""
    said = StructuredDescription(
        subjects=[Subject(noun=f"{modifier} {head}")], setting="table", mood="very detailed"
    )
    if split:
        subject = Subject(noun=head, attributes=[modifier])
    else:
        subject = Subject(noun=f"{modifier} {head}")
    gold = StructuredDescription(subjects=[subject], setting="table")
    return ("en", said, gold, f"a {modifier} {head} on the table, very detailed", kept)


def dev_items() -> list[Read]:

    return [item(m, h, True) for m, h in MATERIALS] + [item(m, h, False) for m, h in KINDS]


def test_a_compound_may_be_split_and_an_attribute_said_before_its_noun_joined():
    said = StructuredDescription(
        subjects=[
            Subject(noun="fishing village"),
            Subject(noun="owl", count=2, attributes=["old", "snowy"]),
            Subject(noun="cat", attributes=["black"]),
        ]
    )
    found = candidates(said, "a fishing village, two old snowy owls, and a cat, all black")
    assert [(c.subject, c.kind, c.modifier, c.head) for c in found] == [
        (0, SPLIT, "fishing", "village"),
        (1, JOIN, "snowy", "owl"),  # "snowy owls" was said; "black cat" was not
    ]
    assert found[0].changed == Subject(noun="village", attributes=["fishing"])
    assert found[1].changed == Subject(noun="snowy owl", count=2, attributes=["old"])


def test_labels_say_whether_annotators_read_the_candidate_the_other_way(lexicon):
    rows, labels = labelled([item("clay", "teapot", True), item("fire", "truck", False)], lexicon)
    assert labels == [1, 0]
    assert rows[0]["split&modifier=clay"] == 1.0 and rows[0]["split&head=teapot"] == 1.0
    assert rows[0]["split&modifier kind=material"] == 1.0


def test_a_compound_a_self_correction_kept_is_not_learned_from(lexicon):
    """`apply` never changes it, so the chooser does not learn from it either."""
    kept = item("clay", "teapot", True, kept=("clay teapot",))
    rows, labels = labelled([kept, item("fire", "truck", False)], lexicon)
    assert labels == [0] and rows[0]["split&head=truck"] == 1.0


def test_the_chooser_splits_an_unseen_material_and_keeps_an_unseen_kind_whole(lexicon):
    chooser = CompoundChooser.fit(dev_items(), lexicon, THRESHOLDS)
    assert chooser is not None
    kettle = StructuredDescription(subjects=[Subject(noun="copper kettle")])
    split = chooser.apply(kettle, "en", "a copper kettle on the stove")
    assert split.subjects == [Subject(noun="kettle", attributes=["copper"])]
    ship = StructuredDescription(subjects=[Subject(noun="cargo ship")])
    assert chooser.apply(ship, "en", "a cargo ship at sea") == ship
    # the thing a self-correction kept stays as it was said
    heard = "a tin cup, no, a copper kettle"
    assert chooser.apply(kettle, "en", heard, kept=["copper kettle"]) == kettle


def read_apart(modifier: str, head: str, whole: bool) -> Read:
    said = StructuredDescription(subjects=[Subject(noun=head, attributes=[modifier])])
    whole_subject = StructuredDescription(subjects=[Subject(noun=f"{modifier} {head}")])
    gold = whole_subject if whole else said
    return ("en", said, gold, f"a {modifier} {head}", ())


def test_an_attribute_a_self_correction_kept_is_never_joined(lexicon):
    # annotators keep a species whole ("snowy owl") and a size apart ("big" dog)
    species = [("red", "panda"), ("snowy", "owl"), ("golden", "retriever")] * 3
    sizes = [("big", "dog"), ("small", "cat"), ("tiny", "horse")] * 3
    joined = [read_apart(m, h, True) for m, h in species]
    joined += [read_apart(m, h, False) for m, h in sizes]
    chooser = CompoundChooser.fit(joined, lexicon, THRESHOLDS)
    assert chooser is not None
    said = StructuredDescription(subjects=[Subject(noun="owl", attributes=["snowy"])])
    heard = "a grey, no, a snowy owl"
    assert chooser.apply(said, "en", heard).subjects == [Subject(noun="snowy owl")]
    assert chooser.apply(said, "en", heard, kept=["snowy"]) == said
    big = StructuredDescription(subjects=[Subject(noun="dog", attributes=["big"])])
    assert chooser.apply(big, "en", "a big dog") == big


def test_nothing_to_learn_gives_no_chooser(lexicon):
    assert CompoundChooser.fit([item("fire", "truck", False)], lexicon, THRESHOLDS) is None


def test_the_saved_arbiter_keeps_its_chooser(lexicon):
    items = [Item(*read) for read in dev_items()]
    arbiter = SlotArbiter.fit(items, lexicon, {"en": 0.2}, drop=True, compounds=THRESHOLDS)
    assert arbiter.compounds is not None
    again = SlotArbiter.from_json(arbiter.to_json(), lexicon)
    assert again.compounds is not None
    kettle = StructuredDescription(subjects=[Subject(noun="copper kettle")])
    heard = "a copper kettle on the stove"
    assert again.apply(kettle, "en", heard=heard) == arbiter.apply(kettle, "en", heard=heard)
    assert again.apply(kettle, "en", heard=heard).subjects[0].noun == "kettle"
    plain = SlotArbiter.fit(items, lexicon, {"en": 0.2}, drop=True)
    assert plain.compounds is None
    assert SlotArbiter.from_json(plain.to_json(), lexicon).compounds is None


def test_the_cache_key_names_the_chooser_thresholds(tmp_path):
    files = [tmp_path / "en.yaml"]
    files[0].write_text("[]", encoding="utf-8")
    plain = training_key(files, {"en": 0.2}, True)
    assert plain != training_key(files, {"en": 0.2}, True, compounds=THRESHOLDS)
    assert training_key(files, {"en": 0.2}, True, compounds=THRESHOLDS) != training_key(
        files, {"en": 0.2}, True, compounds={"en": {SPLIT: 0.5, JOIN: 0.6}}
    )


@pytest.mark.parametrize("spec", [{"en": {"merge": 0.5}}, {"split": 0.4}])
def test_an_unknown_chooser_setting_is_named(spec):
    structurer = SyntaxStructurer(
        arbiter={"descriptions": "data/descriptions/dev", "compounds": spec}
    )
    with pytest.raises(ValueError, match="structure.arbiter.compounds.(en|split): .*per language"):
        structurer.load()


def test_a_language_without_thresholds_keeps_its_subjects(lexicon):
    chooser = CompoundChooser.fit(dev_items(), lexicon, THRESHOLDS)
    assert chooser is not None
    kettle = StructuredDescription(subjects=[Subject(noun="copper kettle")])
    assert chooser.apply(kettle, "ru", "a copper kettle on the stove") == kettle
    assert chooser.apply(kettle, "en", "a copper kettle on the stove") != kettle
