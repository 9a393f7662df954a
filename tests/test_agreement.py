"""Annotator agreement: the second annotation scored against the first with the structuring
scorer, on real dev items."""

from pathlib import Path

import pytest

from voice2image.descriptions import load_descriptions
from voice2image.evaluation.agreement import agreement, paired

ROOT = Path(__file__).parents[1]
DEV = ROOT / "data" / "descriptions" / "dev"


def test_identical_annotations_agree_fully_and_a_changed_slot_lowers_f1():
    first = load_descriptions(DEV / "en.yaml")[:6]
    same = agreement(first, first)["by_language"]["en"]
    assert same["slots"]["f1"] == 1.0 and same["self_correction_accuracy"] == 1.0
    second = [d.model_copy(deep=True) for d in first]
    second[1].gold.setting = "somewhere else entirely"
    changed = agreement(first, second)["by_language"]["en"]["slots"]
    assert changed["f1"] < 1.0
    assert changed["by_slot"]["setting"]["f1"] < 1.0
    assert changed["by_slot"]["subjects"]["f1"] == 1.0


def test_a_second_annotation_must_be_of_the_same_texts():
    first = load_descriptions(DEV / "en.yaml")[:3]
    other = first[0].model_copy(update={"text": "a different text"})
    with pytest.raises(ValueError, match="en_001: the two annotations are of different texts"):
        paired(first, [other])
    stranger = first[0].model_copy(update={"id": "en_999"})
    with pytest.raises(ValueError, match="en_999: not among"):
        paired(first, [stranger])


def test_the_bundled_second_annotation_pairs_with_dev_items():
    second = load_descriptions(
        ROOT / "data" / "descriptions" / "agreement" / "dev_second_annotator.yaml"
    )
    first = [
        d
        for name in ("en", "ru", "en_extra2", "ru_extra2")
        for d in load_descriptions(DEV / f"{name}.yaml")
    ]
    assert len(paired(first, second)) == len(second) == 136
    figures = agreement(first, second)["by_language"]
    assert 0.5 < figures["en"]["slots"]["f1"] < 1.0 and 0.5 < figures["ru"]["slots"]["f1"] < 1.0
