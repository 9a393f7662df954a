"""How far the slot arbiter's own relearning moves a score: learn it again from seeded subsets of
the dev authors and score authors none of them saw (docs/structuring.md, "Thirty-third round").

    python scripts/arbiter_relearning.py --held-out extra93 extra94 extra95 extra96
    python scripts/arbiter_relearning.py --held-out extra96 --subsets 4 --fraction 0.8

The arbiter is a logistic regression with a deterministic solver, so there is no seed to vary;
what varies is what it learns from. Subset 0 is every dev file but the held-out ones; subset k
keeps the bundled files (`dev/en.yaml`, `dev/ru.yaml`) and `random.Random(k).sample` of the
`*_extra*` files (`--fraction` of them). Each subset is scored on the held-out files with
`scripts/score_structure.py` (the arbiter is learned once per subset and cached, two to five
minutes each on two cores). Prints, per language, the pooled slot F1 of every subset against
subset 0, how many items move, and how much a random set of `--set-size` items moves (33: the
Russian test split's size); `--json` writes it. Never pass test files: the arbiter refuses them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from voice2image.evaluation.stats import F1

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "data" / "descriptions" / "dev"


def subset(files: list[Path], k: int, fraction: float) -> list[Path]:
    """Subset k of the training files: all of them for k = 0, else the bundled files and a
    seeded `fraction` of the `*_extra*` ones."""
    extra = [f for f in files if "_extra" in f.stem]
    kept = [f for f in files if f not in extra]
    if k == 0:
        return sorted(files)
    return sorted(kept + random.Random(k).sample(extra, round(fraction * len(extra))))


def pooled_f1(rows: list[dict]) -> float:
    """Micro slot F1 over items (the pipeline's `F1`), from the per-slot [matched, predicted,
    gold] counts; 0 where nothing was predicted or annotated."""
    sums = np.zeros(3)
    for row in rows:
        for counts in row["slots"].values():
            sums += counts
    return float(np.nan_to_num(F1()(sums)))


def spread(base: dict[str, dict], runs: list[dict[str, dict]], set_size: int) -> dict:
    """Each run against the base, on the same items: the change of pooled F1, the items whose
    F1 moves, and the change on random `set_size`-item sets (200 per run, seeded)."""
    ids = sorted(base)
    deltas, moved, set_deltas = [], [], []
    for k, run in enumerate(runs, start=1):
        deltas.append(pooled_f1([run[i] for i in ids]) - pooled_f1([base[i] for i in ids]))
        moved.append(sum(abs(pooled_f1([run[i]]) - pooled_f1([base[i]])) > 1e-9 for i in ids))
        rng = random.Random(k)
        for _ in range(200):
            chosen = rng.sample(ids, min(set_size, len(ids)))
            set_deltas.append(
                pooled_f1([run[i] for i in chosen]) - pooled_f1([base[i] for i in chosen])
            )
    set_deltas.sort()
    return {
        "items": len(ids),
        "f1_all_authors": round(pooled_f1([base[i] for i in ids]), 4),
        "deltas": [round(d, 4) for d in deltas],
        "delta_mean": round(statistics.mean(deltas), 4),
        "delta_sd": round(statistics.pstdev(deltas), 4),
        "items_moved_mean": round(statistics.mean(moved), 1),
        "set_size": set_size,
        "set_delta_sd": round(statistics.pstdev(set_deltas), 4),
        "set_delta_95": [
            round(set_deltas[int(0.025 * len(set_deltas))], 4),
            round(set_deltas[int(0.975 * len(set_deltas)) - 1], 4),
        ],
        "share_of_sets_moving_0.008": round(
            sum(abs(d) >= 0.008 for d in set_deltas) / len(set_deltas), 2
        ),
    }


def score(training: list[Path], held_out: list[Path], work: Path, k: int) -> dict[str, dict]:
    """Learn the arbiter from `training` and score `held_out`: one row per item."""
    folder = work / f"subset{k}"
    folder.mkdir()
    for f in training:
        (folder / f.name).symlink_to(f)
    errors = work / f"subset{k}.jsonl"
    command = [
        sys.executable,
        str(ROOT / "scripts" / "score_structure.py"),
        "structure=syntax",
        f"structure.arbiter.descriptions={folder}",
        "--files",
        *map(str, held_out),
        "--errors",
        str(errors),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"subset {k}: score_structure.py failed:\n{done.stderr[-2000:]}")
    rows = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    return {row["id"]: row for row in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--held-out", nargs="+", required=True, help="file name suffixes: extra93 -> *_extra93"
    )
    parser.add_argument("--subsets", type=int, default=8, help="subsets besides all authors")
    parser.add_argument("--fraction", type=float, default=0.9, help="share of *_extra files")
    parser.add_argument("--set-size", type=int, default=33, help="items in a random set")
    parser.add_argument("--json", type=Path, help="write the result here")
    args = parser.parse_args()

    files = sorted(DEV.glob("*.yaml"))
    held_out = [f for f in files if any(f.stem.endswith(f"_{s}") for s in args.held_out)]
    if not held_out:
        raise SystemExit(f"{DEV}: no file ends with any of {args.held_out}")
    training = [f for f in files if f not in held_out]
    from tqdm import tqdm

    with tempfile.TemporaryDirectory(prefix="arbiter-relearning-") as tmp:
        runs = [
            score(subset(training, k, args.fraction), held_out, Path(tmp), k)
            for k in tqdm(range(args.subsets + 1), desc="arbiter subsets", unit="subset")
        ]
    result: dict = {"held_out": [f.name for f in held_out], "fraction": args.fraction}
    for language in ("en", "ru"):
        base = {i: r for i, r in runs[0].items() if i.startswith(language)}
        if not base:
            continue
        others = [{i: r for i, r in run.items() if i in base} for run in runs[1:]]
        figures = spread(base, others, args.set_size)
        result[language] = figures
        print(
            f"{language}: {figures['items']} items, F1 {figures['f1_all_authors']:.4f} from all "
            f"authors; {args.subsets} subsets: change {figures['delta_mean']:+.4f} "
            f"(sd {figures['delta_sd']:.4f}; {figures['deltas']}), items moved "
            f"{figures['items_moved_mean']}; on {args.set_size}-item sets sd "
            f"{figures['set_delta_sd']:.4f}, 95% in {figures['set_delta_95']}, moving 0.008 or "
            f"more {figures['share_of_sets_moving_0.008']}"
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
