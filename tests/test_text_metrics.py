"""Slot P/R/F1, self-correction accuracy and the aggregate text metrics."""

from __future__ import annotations

from voice2image.evaluation.text import (
    correction_outcomes,
    description_pieces,
    prf,
    slot_blind_counts,
    slot_counts,
    text_metrics,
    token_f1,
)
from voice2image.schema import Correction, Description, StructuredDescription, Subject

GOLD = StructuredDescription(
    subjects=[Subject(noun="car", attributes=["blue"])], setting="rainy street", lighting="at night"
)


def test_token_f1_normalises():
    assert token_f1("the rainy streets", "rainy street") == 1.0
    assert token_f1("close up", "close-up") == 1.0
    assert token_f1("warm colours", "warm colors") == 1.0
    # British and American spellings are one word: an annotator's is no error
    assert token_f1("watercolor, in the center", "watercolour, in the centre") == 1.0
    assert token_f1("cozy grey cabin", "cosy gray cabin") == 1.0
    assert token_f1("cat", "dog") == 0.0


def test_slot_counts_and_prf():
    pred = StructuredDescription(
        subjects=[Subject(noun="cars", attributes=["red"])], setting="street", mood="sad"
    )
    counts = slot_counts(pred, GOLD)
    assert counts["subjects"] == [1, 1, 1]
    assert counts["attributes"] == [0, 1, 1]
    assert counts["setting"] == [1, 1, 1]  # token F1 0.67 >= 0.5
    assert counts["lighting"] == [0, 0, 1] and counts["mood"] == [0, 1, 0]
    assert prf(2, 4, 4) == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert prf(0, 0, 0)["f1"] == 1.0


def test_slot_blind_counts_match_units_whatever_slot_they_were_put_in():
    # the street said as a thing, the night as the setting: right words, wrong slots
    pred = StructuredDescription(
        subjects=[Subject(noun="car", attributes=["blue"]), Subject(noun="rainy street")],
        setting="at night",
        mood="sad",
    )
    assert sum(c[0] for c in slot_counts(pred, GOLD).values()) == 2  # car, blue
    assert slot_blind_counts(pred, GOLD) == [4, 5, 4]  # ... and the street and the night
    assert slot_blind_counts(GOLD, GOLD) == [4, 4, 4]


def test_self_correction_needs_kept_present_and_discarded_absent():
    corrections = [Correction(discarded="red", kept="blue")]
    assert correction_outcomes(description_pieces(GOLD), corrections) == [True]
    assert correction_outcomes(["a red car, no, a blue car"], corrections) == [False]
    assert correction_outcomes(["a car"], corrections) == [False]


def test_a_kept_thing_is_found_by_any_one_of_its_attributes():
    # "a harbor seal, no, a gray seal, the one with the long Roman nose"
    corrections = [Correction(discarded="harbor seal", kept="gray seal")]
    kept = StructuredDescription(subjects=[Subject(noun="seal", attributes=["gray", "long nose"])])
    assert correction_outcomes(description_pieces(kept), corrections) == [True]
    # the same check finds a discarded one said among other attributes
    both = StructuredDescription(
        subjects=[Subject(noun="seal", attributes=["harbor", "gray", "long nose"])]
    )
    assert correction_outcomes(description_pieces(both), corrections) == [False]


def test_text_metrics_aggregates_per_language():
    gold = Description(
        id="d1",
        language="en",
        text="um a red car no blue",
        gold=GOLD,
        corrections=[Correction(discarded="red", kept="blue")],
    )
    manifest = [
        {"id": "i1", "language": "en", "speaker": "v", "description_id": "d1"},
        {"id": "i2", "language": "en", "speaker": "v", "description_id": None},
    ]
    structured = {
        "i1": {"status": "ok", "description": GOLD.model_dump(), "latency_s": 0.01},
        "i2": {"status": "failed", "error": "x"},
    }
    prompts = {"i1": {"status": "ok", "prompt": "blue car", "prompt_tokens": 4, "truncated": False}}
    metrics, rows = text_metrics(
        manifest, {"d1": gold}, structured, prompts, lambda a, b: [0.5] * len(a)
    )
    assert metrics["slots"]["f1"] == 1.0 and metrics["self_correction_accuracy"] == 1.0
    assert metrics["similarity"] == 0.5 and metrics["truncation_rate"] == 0.0
    assert metrics["failed"] == 1 and metrics["by_language"]["en"]["items"] == 2
    assert rows[0]["similarity"] == 0.5 and "slots" not in rows[1]


def test_a_count_correction_is_scored_on_the_subjects_count():
    corrections = [Correction(discarded="three", kept="five")]
    five = StructuredDescription(subjects=[Subject(noun="cats", count=5)])
    three = StructuredDescription(subjects=[Subject(noun="cats", count=3)])
    assert correction_outcomes(description_pieces(five), corrections) == [True]
    assert correction_outcomes(description_pieces(three), corrections) == [False]
    # another thing said with the discarded number is not the corrected one
    one = [Correction(discarded="one", kept="two")]
    both = StructuredDescription(subjects=[Subject(noun="church"), Subject(noun="deer", count=2)])
    assert correction_outcomes(description_pieces(both), one) == [True]
    deer = StructuredDescription(subjects=[Subject(noun="deer"), Subject(noun="deer", count=2)])
    assert correction_outcomes(description_pieces(deer), one) == [False]
    # counts past twelve are spelled as annotators write them ("twenty", "twenty five")
    twenty = StructuredDescription(subjects=[Subject(noun="cupcake", count=20)])
    many = [Correction(discarded="twelve", kept="twenty")]
    assert correction_outcomes(description_pieces(twenty), many) == [True]
    assert "twenty five cupcake" in description_pieces(
        StructuredDescription(subjects=[Subject(noun="cupcake", count=25)])
    )


def test_dev_and_test_splits_are_reported_side_by_side():
    gold = Description(id="d1", language="en", text="a blue car", gold=GOLD)
    other = Description(id="t1", language="en", text="a blue car", gold=GOLD)
    manifest = [
        {"id": "i1", "language": "en", "speaker": "v", "description_id": "d1", "split": "dev"},
        {"id": "i2", "language": "en", "speaker": "v", "description_id": "t1", "split": "test"},
        {"id": "real", "language": "en", "speaker": "r", "description_id": None, "split": None},
    ]
    wrong = StructuredDescription(subjects=[Subject(noun="boat")])
    structured = {
        "i1": {"status": "ok", "description": GOLD.model_dump()},
        "i2": {"status": "ok", "description": wrong.model_dump()},
        "real": {"status": "ok", "description": wrong.model_dump()},
    }
    metrics, _ = text_metrics(manifest, {"d1": gold, "t1": other}, structured, {})
    by_split = metrics["by_split"]
    assert set(by_split) == {"dev", "test"}
    assert by_split["dev"]["slots"]["f1"] == 1.0 and by_split["test"]["slots"]["f1"] == 0.0
    assert by_split["test"]["by_language"]["en"]["items"] == 1


def test_a_correction_of_a_negative_is_scored_in_the_negative_slot():
    corrections = [Correction(discarded="people", kept="cars")]
    right = StructuredDescription(setting="beach", negative=["cars"])
    wrong = StructuredDescription(setting="beach", negative=["people", "cars"])
    assert correction_outcomes(description_pieces(right), corrections) == [True]
    assert correction_outcomes(description_pieces(wrong), corrections) == [False]


def test_a_kept_value_of_several_units_is_each_unit():
    # the guide writes `kept` exactly as the gold slot holds it, commas included; the slot's
    # units are scored one by one, so the kept value is too
    corrections = [Correction(discarded="creepy", kept="fairytale, cozy")]
    gold = StructuredDescription(subjects=[Subject(noun="hut")], mood="fairytale, cozy")
    half = StructuredDescription(subjects=[Subject(noun="hut")], mood="fairytale")
    kept_both = StructuredDescription(mood="cozy, creepy, fairytale")
    assert correction_outcomes(description_pieces(gold), corrections) == [True]
    assert correction_outcomes(description_pieces(half), corrections) == [False]
    assert correction_outcomes(description_pieces(kept_both), corrections) == [False]


def test_every_dev_correction_holds_for_its_own_gold():
    from pathlib import Path

    from voice2image.descriptions import load_descriptions

    dev = Path(__file__).resolve().parents[1] / "data" / "descriptions" / "dev"
    for path in sorted(dev.glob("*.yaml")):
        for item in load_descriptions(str(path)):
            outcomes = correction_outcomes(description_pieces(item.gold), item.corrections)
            assert all(outcomes), (item.id, item.corrections)
