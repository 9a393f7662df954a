"""scripts/word_choice_cv.py: substitutions of the annotators' English, learned from authors."""

from __future__ import annotations

import json

import pytest

from voice2image.schema import StructuredDescription, Subject


@pytest.fixture(scope="module")
def word_choice(load_script):
    return load_script("word_choice_cv")


def row(author: str, k: int, said: str, gold: str, corrected: bool = False) -> dict:
    """A gull over the sea, which the rendering calls a seagull."""
    predicted = StructuredDescription(subjects=[Subject(noun=said)], setting="over sea")
    wanted = StructuredDescription(subjects=[Subject(noun=gold)], setting="over sea")
    corrections = [{"discarded": "crow", "kept": gold}] if corrected else []
    return {
        "id": f"{author}_{k:03d}",
        "predicted": json.loads(predicted.model_dump_json()),
        "gold": json.loads(wanted.model_dump_json()),
        "corrections": corrections,
    }


def test_a_word_every_author_writes_otherwise_is_learned_and_applied(word_choice):
    items = [
        word_choice.Item(row(f"ru_extra{a}", k, "seagull", "gull", corrected=k == 0))
        for a in range(3)
        for k in range(2)
    ]
    table = word_choice.learn(items, min_gain=3, min_authors=2)
    assert table == {"seagull": "gull"}
    said = word_choice.substituted(items[0].said, table)
    assert [s.noun for s in said.subjects] == ["gull"] and said.setting == "over sea"
    # the subject now matches, and the correction's kept word is there
    assert items[0].totals(table)[0] == items[0].plain[0] + 1
    assert items[0].totals(table)[3] == 1 and items[0].plain[3] == 0


def test_a_substitution_one_author_alone_asks_for_or_others_lose_by_is_not_learned(word_choice):
    one = [word_choice.Item(row("ru_extra1", k, "seagull", "gull")) for k in range(5)]
    assert word_choice.learn(one, min_gain=3, min_authors=2) == {}
    two = one + [word_choice.Item(row("ru_extra2", k, "seagull", "gull")) for k in range(2)]
    assert word_choice.learn(two, min_gain=3, min_authors=2) == {"seagull": "gull"}
    # where other authors write the rendering's own word, the net gain falls short
    right = [word_choice.Item(row("ru_extra3", k, "seagull", "seagull")) for k in range(5)]
    assert word_choice.learn(two + right, min_gain=3, min_authors=2) == {}
