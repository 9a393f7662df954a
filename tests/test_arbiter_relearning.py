"""scripts/arbiter_relearning.py: the spread of a score when the slot arbiter learns again from
seeded subsets of the dev authors (the subsets and the statistics; the learning itself is
`structure=syntax`'s own, tested in test_slot_arbiter.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def relearning(load_script):
    return load_script("arbiter_relearning")


def test_subsets_keep_the_bundled_files_and_are_seeded(relearning):
    files = [Path(f"dev/{n}.yaml") for n in ("en", "ru")]
    files += [Path(f"dev/{lang}_extra{i}.yaml") for lang in ("en", "ru") for i in range(10)]
    assert relearning.subset(files, 0, 0.9) == sorted(files)
    first = relearning.subset(files, 1, 0.9)
    assert first == relearning.subset(files, 1, 0.9)  # seeded
    assert first != relearning.subset(files, 2, 0.9)
    assert len(first) == 2 + 18 and {Path("dev/en.yaml"), Path("dev/ru.yaml")} <= set(first)


def _row(matched: int, predicted: int, gold: int) -> dict:
    return {"slots": {"subjects": [matched, predicted, gold]}}


def test_pooled_f1_is_micro_over_items(relearning):
    assert relearning.pooled_f1([_row(1, 1, 1), _row(0, 1, 1)]) == pytest.approx(0.5)
    assert relearning.pooled_f1([_row(0, 0, 0)]) == 0.0


def test_spread_counts_the_items_a_relearned_arbiter_moves(relearning):
    base = {f"ru_{i}": _row(1, 1, 1) for i in range(40)}
    same = dict(base)
    worse = {**base, "ru_0": _row(0, 1, 1), "ru_1": _row(0, 1, 1)}
    figures = relearning.spread(base, [same, worse], set_size=33)
    assert figures["items"] == 40 and figures["f1_all_authors"] == 1.0
    assert figures["deltas"] == [0.0, -0.05]
    assert figures["items_moved_mean"] == 1.0  # none, then two
    assert figures["set_delta_95"][0] < 0 and figures["set_delta_95"][1] == 0.0
    assert 0 < figures["share_of_sets_moving_0.008"] <= 0.5
