"""Two runs of the same pipeline, figure by figure: which quality figures are bit-identical,
which differ but lie inside the first run's 95% interval (noise), and which lie outside it.

Used to check that a fresh clone's `dvc repro` reproduces the published metrics:

    voice2image results compare /path/to/other/checkout      # metrics/*.json of both
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Verdict = Literal["identical", "inside", "outside", "missing"]
INTERVAL_SUFFIX = "_ci"


@dataclass(frozen=True)
class FigureComparison:
    """One quality figure of run A against the same figure of run B."""

    key: str  # file and dotted path, e.g. "text.json:text.slots.f1"
    a: float
    b: float | None
    low: float  # run A's 95% interval
    high: float
    verdict: Verdict


def _figures(tree: Any, prefix: str) -> Iterator[tuple[str, float, dict[str, Any]]]:
    """Every number that carries a sibling interval (`x` beside `x_ci: {low, high}`)."""
    if not isinstance(tree, dict):
        return
    for key, value in tree.items():
        if isinstance(value, dict) and not key.endswith(INTERVAL_SUFFIX):
            yield from _figures(value, f"{prefix}{key}.")
        interval = tree.get(key + INTERVAL_SUFFIX)
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and isinstance(interval, dict)
            and {"low", "high"} <= interval.keys()
        ):
            yield f"{prefix}{key}", float(value), interval


def figure_at(tree: Any, dotted: str) -> float | None:
    """The number at a dotted path of a metrics tree (`text.slots.f1`), None if there is none."""
    for part in dotted.split("."):
        if not isinstance(tree, dict) or part not in tree:
            return None
        tree = tree[part]
    return float(tree) if isinstance(tree, int | float) and not isinstance(tree, bool) else None


def compare_trees(a: dict[str, Any], b: dict[str, Any], name: str = "") -> list[FigureComparison]:
    """Each interval-carrying figure of `a` against the same path in `b`."""
    rows = []
    for path, value, interval in _figures(a, ""):
        other = figure_at(b, path)
        low, high = float(interval["low"]), float(interval["high"])
        verdict: Verdict
        if other is None:
            verdict = "missing"
        elif other == value:
            verdict = "identical"
        elif low <= other <= high:
            verdict = "inside"
        else:
            verdict = "outside"
        key = f"{name}:{path}" if name else path
        rows.append(FigureComparison(key, value, other, low, high, verdict))
    return rows


def _read_json(path: Path) -> dict[str, Any]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a readable metrics file ({error})") from error
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: a metrics file holds a JSON object")
    return loaded


def compare_metrics(a: Path, b: Path) -> list[FigureComparison]:
    """The metrics files (`*.json`) of folder `a` against those of the same name in `b`."""
    files = sorted(a.glob("*.json"))
    if not files:
        raise ValueError(f"{a}: no metrics files (*.json)")
    rows: list[FigureComparison] = []
    for file in files:
        other = b / file.name
        theirs = _read_json(other) if other.is_file() else {}
        rows.extend(compare_trees(_read_json(file), theirs, file.name))
    return rows


def summary_markdown(rows: list[FigureComparison], a: str, b: str) -> str:
    """Counts by verdict, then every figure that is not bit-identical."""
    counts = Counter(r.verdict for r in rows)
    lines = [
        f"{len(rows)} figures with intervals, {a} (A) against {b} (B): "
        f"{counts['identical']} bit-identical, {counts['inside']} differ inside A's 95% "
        f"interval, {counts['outside']} outside it, {counts['missing']} missing in B.",
    ]
    differing = [r for r in rows if r.verdict != "identical"]
    if differing:
        lines += ["", "| figure | A | B | A's interval | B − A | verdict |",
                  "| --- | ---: | ---: | --- | ---: | --- |"]  # fmt: skip
        for r in differing:
            b_text = "–" if r.b is None else f"{r.b:.4f}"
            delta = "–" if r.b is None else f"{r.b - r.a:+.4f}"
            lines.append(
                f"| `{r.key}` | {r.a:.4f} | {b_text} | [{r.low:.4f}, {r.high:.4f}] | {delta} "
                f"| {r.verdict} |"
            )
    return "\n".join(lines) + "\n"
