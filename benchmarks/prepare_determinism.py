"""Does `prepare` write the same bytes under other thread counts and CPU sets? (issue 14)

    python benchmarks/prepare_determinism.py                         # smoke set, every setting
    python benchmarks/prepare_determinism.py --json benchmarks/results/prepare_determinism.json
    python benchmarks/prepare_determinism.py --settings one_thread all_cores -- dataset.limit=2

Each setting runs the stage's own `prepare.run` from scratch in a fresh process, with
environment variables (`OMP_NUM_THREADS`, ...), a CPU set (`taskset`) and config overrides
(the Piper voice's ONNX Runtime threads and graph optimisation level), into `--out/<setting>/`.
It then compares every clip's sha256 across settings, and with the committed reference
(`paths.reference_hashes`), and prints the wall time of each run with the load average before
and after (read timings only next to it). One CPU type can only show what threads, CPU sets
and options change; what other instruction sets change needs another machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PIPER = "dataset.voices.en.piper_joe"


@dataclass
class Setting:
    env: dict[str, str] = field(default_factory=dict)
    cpus: str | None = None  # taskset's CPU list
    overrides: list[str] = field(default_factory=list)


SETTINGS = {
    # the stage as configured (Piper: 1 intra-op thread, graph optimisation `all`)
    "default": Setting(),
    "omp_1": Setting(env={"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}),
    "one_cpu": Setting(cpus="0"),
    "piper_all_cores": Setting(overrides=[f"{PIPER}.threads=0"]),
    "piper_2_threads_one_cpu": Setting(cpus="0", overrides=[f"{PIPER}.threads=2"]),
    "piper_no_graph_optimisation": Setting(overrides=[f"{PIPER}.graph_optimization=disable"]),
}


def run_one(out: Path, overrides: list[str]) -> None:
    """In the child: compose the config as DVC would and run the stage from scratch."""
    from voice2image.compose import compose_config
    from voice2image.pipeline import prepare

    cfg = compose_config(overrides)
    if out.exists():
        shutil.rmtree(out)  # from scratch: no journal to resume from
    started = time.perf_counter()
    result = prepare.run(cfg.dataset, out)
    wall = time.perf_counter() - started
    print(json.dumps({"items": result.items, "failed": len(result.failed), "wall_s": wall}))


def hashes(manifest: Path) -> dict[str, dict[str, str]]:
    rows = [json.loads(line) for line in manifest.read_text().splitlines() if line.strip()]
    return {row["id"]: {"sha256": row["sha256"], "speaker": row["speaker"]} for row in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", nargs="*", default=list(SETTINGS), choices=list(SETTINGS))
    parser.add_argument("--dataset", default="smoke")
    parser.add_argument("--out", type=Path, default=ROOT / "outputs" / "prepare_determinism")
    parser.add_argument("--json", type=Path, help="write the rows here")
    parser.add_argument(
        "--reference", type=Path, help="reference hashes (default: the data set's, if any)"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("overrides", nargs="*", help="config overrides for every setting")
    args = parser.parse_args()
    if args.child:
        run_one(args.child, args.overrides)
        return 0
    from voice2image.compose import compose_config

    base = [f"dataset={args.dataset}", *args.overrides]
    reference_path = args.reference or ROOT / str(compose_config(base).paths.reference_hashes)
    reference = json.loads(reference_path.read_text())["clips"] if reference_path.is_file() else {}
    runs: dict[str, dict[str, Any]] = {}
    clips: dict[str, dict[str, dict[str, str]]] = {}
    for name in args.settings:
        setting = SETTINGS[name]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        for key, value in setting.env.items():
            env[key] = value
        command = [sys.executable, __file__, "--child", str(args.out / name), "--"]
        command += [*base, *setting.overrides]
        if setting.cpus is not None:
            command = ["taskset", "-c", setting.cpus, *command]
        before = os.getloadavg()[0]
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            print(f"{name}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
            return 1
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        clips[name] = hashes(args.out / name / "manifest.jsonl")
        runs[name] = {
            "setting": {"env": setting.env, "cpus": setting.cpus, "overrides": setting.overrides},
            "wall_s": round(figures["wall_s"], 2),
            "load_before": round(before, 2),
            "load_after": round(os.getloadavg()[0], 2),
        }
    first = args.settings[0]
    for name, run in runs.items():
        mine, theirs = clips[name], clips[first]
        differ = sorted(c for c in mine if mine[c]["sha256"] != theirs.get(c, {}).get("sha256"))
        off = sorted(c for c in mine if c in reference and reference[c] != mine[c]["sha256"])
        run["clips"] = len(mine)
        run[f"differ_from_{first}"] = differ
        run["differ_from_reference"] = off
        run["voices_off_reference"] = sorted({mine[c]["speaker"] for c in off})
        print(
            f"{name:28s} {run['wall_s']:7.1f} s  load {run['load_before']:.1f}/"
            f"{run['load_after']:.1f}  {len(mine)} clips, {len(differ)} differ from {first}, "
            f"{len(off)} from the reference {run['voices_off_reference']}"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        shown = reference_path.resolve()
        shown = shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown
        report = {"dataset": args.dataset, "reference": str(shown), "runs": runs}
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
