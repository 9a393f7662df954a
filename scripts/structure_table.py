"""The structuring table on reference text: method × split × language, with 95% bootstrap
intervals over descriptions and a paired randomization test of each method against a baseline
on the same items (voice2image.evaluation.stats), from `score_structure.py` outputs.

    for m in rules syntax; do for s in dev test; do
      python scripts/score_structure.py structure=$m --split $s \
        --errors runs/$m-$s.jsonl --json runs/$m-$s.json
    done; done
    python scripts/structure_table.py runs --baseline rules > docs/results/structuring_reference.md

Each `<method>-<split>.jsonl` (per-item rows) needs its `<method>-<split>.json` (timing) beside
it. A figure is `value [low, high]`; a difference from the baseline that the paired test does
not find significant at 5% is marked `(n.s.)`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from voice2image.evaluation.stats import F1, Ratio, compare, interval

SEED = 0


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def slot_counts(row: dict[str, Any]) -> list[float]:
    """[matched, predicted, gold] summed over the item's slots."""
    totals = [0.0, 0.0, 0.0]
    for counts in (row.get("slots") or {}).values():
        for index in range(3):
            totals[index] += counts[index]
    return totals


def correction_counts(row: dict[str, Any]) -> list[float]:
    kept = row.get("corrections_ok") or []
    return [float(sum(kept)), float(len(kept))]


def cell(figure: Any) -> str:
    if figure.value is None:
        return "–"
    return f"{figure.value:.3f} [{figure.low:.2f}, {figure.high:.2f}]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where the <method>-<split>.jsonl/.json are")
    parser.add_argument("--baseline", default="rules", help="the method rows are tested against")
    args = parser.parse_args()
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    timing: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(args.folder.glob("*.jsonl")):
        method, _, split = path.stem.rpartition("-")
        found[method, split] = rows(path)
        summary = path.with_suffix(".json")
        if summary.exists():
            timing[method, split] = json.loads(summary.read_text(encoding="utf-8"))["timing"]
    methods = sorted({m for m, _ in found}, key=lambda m: (m != args.baseline, m))
    print(
        "| method | split | language | items | P | R | slot F1 [95% CI] "
        f"| Δ F1 vs `{args.baseline}` (p) | self-correction [95% CI] | p50 ms |"
    )
    print("|---|---|---|---:|---:|---:|---|---|---|---:|")
    for split in ("dev", "test"):
        for language in ("en", "ru"):
            for method in methods:
                items = [r for r in found.get((method, split), []) if r["id"].startswith(language)]
                if not items:
                    continue
                ids = [r["id"] for r in items]
                counts = [slot_counts(r) for r in items]
                f1 = interval(counts, ids, F1(), SEED)
                matched, predicted, gold = (sum(c[i] for c in counts) for i in range(3))
                corrections = [correction_counts(r) for r in items]
                kept = interval(corrections, ids, Ratio(0, 1), SEED)
                versus = "–"
                base = {r["id"]: r for r in found.get((args.baseline, split), [])}
                if method != args.baseline and all(i in base for i in ids):
                    test = compare(counts, [slot_counts(base[i]) for i in ids], ids, F1(), SEED)
                    mark = "" if test.significant else " (n.s.)"
                    versus = f"{test.difference:+.3f} (p={test.p_value:.3f}){mark}"
                p50 = timing.get((method, split), {}).get("latency_p50_ms", "–")
                print(
                    f"| `{method}` | {split} | {language} | {len(items)} "
                    f"| {matched / predicted if predicted else 0:.3f} "
                    f"| {matched / gold if gold else 0:.3f} | {cell(f1)} | {versus} "
                    f"| {cell(kept)} | {p50} |"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
