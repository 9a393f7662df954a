"""Bootstrap intervals by description and paired tests (voice2image.evaluation.stats)."""

from __future__ import annotations

import numpy as np

from voice2image.evaluation.stats import F1, MEAN, Ratio, bootstrap, compare, interval, mean


def test_a_ratio_of_sums_and_its_interval_are_seeded() -> None:
    rng = np.random.default_rng(1)
    errors = rng.integers(0, 4, size=60)
    words = rng.integers(5, 15, size=60)
    components = [[e, w] for e, w in zip(errors, words, strict=True)]
    groups = [i // 3 for i in range(60)]  # three voices speak each description
    first = interval(components, groups, Ratio(0, 1), seed=7)
    again = interval(components, groups, Ratio(0, 1), seed=7)
    assert first == again
    assert first.value == round(errors.sum() / words.sum(), 4)
    assert first.low is not None and first.high is not None
    assert first.low < first.value < first.high
    assert (first.groups, first.items) == (20, 60)


def test_resampling_by_description_is_wider_than_by_item_when_voices_agree() -> None:
    rng = np.random.default_rng(2)
    per_description = rng.random(30) < 0.6
    outcomes = np.repeat(per_description, 3)  # every voice of a description has the same outcome
    by_description = interval(mean(outcomes), [i // 3 for i in range(90)], MEAN, seed=0)
    by_item = interval(mean(outcomes), list(range(90)), MEAN, seed=0)
    assert by_description.value == by_item.value
    width = by_description.half_width()
    assert width is not None and by_item.half_width() is not None
    assert width > 1.4 * by_item.half_width()  # ~sqrt(3): the 90 items are really 30


def test_the_interval_covers_the_true_rate_about_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(3)
    covered = 0
    for trial in range(200):
        outcomes = rng.random(80) < 0.3
        ci = interval(mean(outcomes), list(range(80)), MEAN, seed=trial, resamples=1000)
        covered += ci.low <= 0.3 <= ci.high  # type: ignore[operator]
    assert 0.89 <= covered / 200 <= 0.99


def test_f1_from_summed_counts() -> None:
    counts = [[3, 4, 5], [1, 2, 1], [0, 1, 0]]
    ci = interval(counts, ["a", "b", "c"], F1(), seed=0)
    matched, predicted, gold = 4, 7, 6
    assert ci.value == round(2 * matched / (predicted + gold), 4)


def test_any_statistic_by_resampling_items() -> None:
    values = [0.1, 0.5, 0.9, 0.4, 0.7, 0.2]
    generic = bootstrap(values, list(range(6)), lambda xs: float(np.mean(xs)), seed=0)
    assert generic.value == round(float(np.mean(values)), 4)
    assert generic.low is not None and generic.low < generic.value < generic.high  # type: ignore[operator]


def test_paired_comparison_of_identical_methods_is_not_significant() -> None:
    rng = np.random.default_rng(4)
    counts = [[m, m + rng.integers(0, 3), m + rng.integers(0, 3)] for m in rng.integers(1, 6, 40)]
    same = compare(counts, counts, list(range(40)), F1(), seed=0)
    assert same.difference == 0.0 and same.p_value == 1.0 and not same.significant


def test_paired_comparison_finds_a_real_difference_and_misses_noise() -> None:
    rng = np.random.default_rng(5)
    groups = [i // 2 for i in range(120)]
    base = rng.random(120) < 0.5
    better = base | (rng.random(120) < 0.4)  # fixes many of the baseline's misses
    result = compare(mean(better), mean(base), groups, MEAN, seed=0)
    assert result.significant and result.p_value is not None and result.p_value < 0.01
    assert result.low is not None and result.low > 0
    noisy = base.copy()
    noisy[:2] = ~noisy[:2]  # two items differ: no finding
    small = compare(mean(noisy), mean(base), groups, MEAN, seed=0)
    assert not small.significant
