"""Intervals and paired tests for every quality figure: a seeded bootstrap over descriptions.

Several voices speak the same description, so items are not independent: resampling is by
*group* (the description an item speaks; a real recording is its own group), the cluster
bootstrap. Most of the project's figures are ratios of sums over items (WER = errors / words,
slot F1 from matched / predicted / gold counts, accuracy = right / total, a mean = sum / n):
for those an item contributes a vector of counts, and a statistic maps the summed vector to the
figure, which keeps 2,000 resamples cheap. Figures that are not sums (EER) use `bootstrap`
with any function of the resampled items.

Comparisons of two methods on the same items use a paired approximate randomization test
(swap the two methods' results within each group with probability 1/2), the usual test for
NLP metrics that are not means (Riezler and Maxwell, 2005), and a paired bootstrap interval of
the difference.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from pydantic import BaseModel

T = TypeVar("T")
Statistic = Callable[[np.ndarray], np.ndarray]  # (resamples, components) -> (resamples,)

RESAMPLES = 2000
CONFIDENCE = 0.95
ALPHA = 0.05


class Interval(BaseModel):
    """A figure with its 95% bootstrap interval over `groups` resampled groups of `items`."""

    value: float | None
    low: float | None
    high: float | None
    groups: int
    items: int

    def half_width(self) -> float | None:
        if self.low is None or self.high is None:
            return None
        return (self.high - self.low) / 2


class Comparison(BaseModel):
    """A method against a baseline on the same items: the difference (method - baseline), its
    95% paired bootstrap interval and the paired randomization test's two-sided p-value."""

    difference: float | None
    low: float | None
    high: float | None
    p_value: float | None
    significant: bool
    groups: int


@dataclass(frozen=True)
class Ratio:
    """A figure that is a ratio of sums of per-item components, e.g. WER = errors / words."""

    numerator: int
    denominator: int

    def __call__(self, sums: np.ndarray) -> np.ndarray:
        den = sums[..., self.denominator]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, sums[..., self.numerator] / np.where(den > 0, den, 1), np.nan)


@dataclass(frozen=True)
class F1:
    """F1 from summed [matched, predicted, gold] components."""

    matched: int = 0
    predicted: int = 1
    gold: int = 2

    def __call__(self, sums: np.ndarray) -> np.ndarray:
        denominator = sums[..., self.predicted] + sums[..., self.gold]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(
                denominator > 0,
                2 * sums[..., self.matched] / np.where(denominator > 0, denominator, 1),
                np.nan,
            )


def group_sums(
    components: Sequence[Sequence[float]], groups: Sequence[Hashable]
) -> tuple[np.ndarray, int]:
    """Per-group sums of the items' component vectors: (groups, components), and item count."""
    if len(components) != len(groups):
        raise ValueError(f"{len(components)} component rows for {len(groups)} group labels")
    order: dict[Hashable, int] = {}
    for label in groups:
        order.setdefault(label, len(order))
    width = len(components[0]) if components else 0
    sums = np.zeros((len(order), width))
    for row, label in zip(components, groups, strict=True):
        sums[order[label]] += np.asarray(row, dtype=float)
    return sums, len(components)


def _round(value: float | np.floating | None, digits: int) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return round(float(value), digits)


def _resample_indices(groups: int, resamples: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, groups, size=(resamples, groups))


def interval(
    components: Sequence[Sequence[float]],
    groups: Sequence[Hashable],
    statistic: Statistic,
    seed: int,
    resamples: int = RESAMPLES,
    digits: int = 4,
) -> Interval:
    """The figure `statistic(sum of components)` and its percentile interval, resampling groups."""
    sums, items = group_sums(components, groups)
    if not len(sums):
        return Interval(value=None, low=None, high=None, groups=0, items=0)
    value = float(statistic(sums.sum(axis=0)))
    boot = statistic(sums[_resample_indices(len(sums), resamples, seed)].sum(axis=1))
    boot = boot[np.isfinite(boot)]
    tail = 100 * (1 - CONFIDENCE) / 2
    low, high = np.percentile(boot, [tail, 100 - tail]) if len(boot) else (None, None)
    return Interval(
        value=_round(value, digits),
        low=_round(low, digits),
        high=_round(high, digits),
        groups=len(sums),
        items=items,
    )


def bootstrap(
    items: Sequence[T],
    groups: Sequence[Hashable],
    statistic: Callable[[list[T]], float | None],
    seed: int,
    resamples: int = 1000,
    digits: int = 4,
) -> Interval:
    """The same for a figure that is no sum (e.g. EER): `statistic` of the resampled items."""
    members: dict[Hashable, list[T]] = {}
    for item, label in zip(items, groups, strict=True):
        members.setdefault(label, []).append(item)
    clusters = list(members.values())
    value = statistic(list(items)) if items else None
    if not clusters:
        return Interval(value=None, low=None, high=None, groups=0, items=0)
    boot = []
    for row in _resample_indices(len(clusters), resamples, seed):
        figure = statistic([item for index in row for item in clusters[index]])
        if figure is not None and np.isfinite(figure):
            boot.append(figure)
    tail = 100 * (1 - CONFIDENCE) / 2
    low, high = np.percentile(boot, [tail, 100 - tail]) if boot else (None, None)
    return Interval(
        value=_round(value, digits),
        low=_round(low, digits),
        high=_round(high, digits),
        groups=len(clusters),
        items=len(items),
    )


def compare(
    method: Sequence[Sequence[float]],
    baseline: Sequence[Sequence[float]],
    groups: Sequence[Hashable],
    statistic: Statistic,
    seed: int,
    resamples: int = RESAMPLES,
    digits: int = 4,
) -> Comparison:
    """Paired comparison on the same items (row i of `method` and `baseline` is one item)."""
    a, _ = group_sums(method, groups)
    b, _ = group_sums(baseline, groups)
    if not len(a):
        return Comparison(
            difference=None, low=None, high=None, p_value=None, significant=False, groups=0
        )
    observed = float(statistic(a.sum(axis=0)) - statistic(b.sum(axis=0)))
    rng = np.random.default_rng(seed)
    # Approximate randomization: under the null the two labels are exchangeable per group.
    swap = rng.integers(0, 2, size=(resamples, len(a), 1)).astype(bool)
    left = np.where(swap, b, a).sum(axis=1)
    right = np.where(swap, a, b).sum(axis=1)
    null = statistic(left) - statistic(right)
    null = null[np.isfinite(null)]
    extreme = np.sum(np.abs(null) >= abs(observed) - 1e-12)
    p_value = (extreme + 1) / (len(null) + 1)
    idx = rng.integers(0, len(a), size=(resamples, len(a)))
    boot = statistic(a[idx].sum(axis=1)) - statistic(b[idx].sum(axis=1))
    boot = boot[np.isfinite(boot)]
    tail = 100 * (1 - CONFIDENCE) / 2
    low, high = np.percentile(boot, [tail, 100 - tail]) if len(boot) else (None, None)
    return Comparison(
        difference=_round(observed, digits),
        low=_round(low, digits),
        high=_round(high, digits),
        p_value=_round(p_value, 4),
        significant=bool(p_value < ALPHA),
        groups=len(a),
    )


def mean(values: Sequence[float]) -> list[list[float]]:
    """Components for a mean: [value, 1] per item (use with `Ratio(0, 1)`)."""
    return [[float(v), 1.0] for v in values]


MEAN = Ratio(0, 1)
