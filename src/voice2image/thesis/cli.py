"""`voice2image thesis` (`python -m voice2image.thesis`): every offline row of every thesis
table in one command, then the report.

    voice2image thesis --dry-run                 # the plan and the time estimate only
    voice2image thesis -j 2                      # queue every missing row, two DVC workers
    voice2image thesis --experiments speakers,enrichment dataset=smoke

It reads every experiment file (`conf/experiment/*.yaml`), skips the rows that have a run
record at the current config (so a second call after an interruption runs only what is left),
lists the rows that need weights nobody ships or a GPU with the command that fills them, prints
an estimate from past records' timings, queues the rest as DVC experiments (one per row) and
runs them with `dvc queue start -j N`, waits for the queue, then writes the report from the
records (the `report` stage's runner; `dvc repro report` records it in dvc.lock).

Why DVC's queue and not a Hydra multirun: each row runs as its own `dvc repro` in a temporary
copy, so the stages a row shares with others (prepare, enrolment, a transcript that several
structuring rows read) come from DVC's run cache instead of being computed again; rows of
different tables share one queue and its workers; and a queued row survives an interrupted
call (`dvc queue status`).
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from voice2image.config import CONF_DIR
from voice2image.sweep import unfinished, wait_for_queue
from voice2image.thesis.plan import PlannedRow, build_plan


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("overrides", nargs="*", help="key=value for every row (dataset=smoke)")
    parser.add_argument(
        "--experiments",
        type=lambda names: [name for name in names.split(",") if name],
        help="only these experiment files, comma-separated (default: all)",
    )
    parser.add_argument("-j", "--jobs", type=int, default=1, help="DVC queue workers (default 1)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and estimate")
    parser.add_argument(
        "--rerun-stale",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run rows whose records are at another config (default: yes)",
    )
    parser.add_argument("--no-report", action="store_true", help="do not write the report")


def duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def to_run(plan: Sequence[PlannedRow], rerun_stale: bool) -> list[PlannedRow]:
    wanted = {"todo", "stale"} if rerun_stale else {"todo"}
    return [row for row in plan if row.status in wanted]


def wall_estimate(rows: Sequence[PlannedRow], jobs: int, cores: int) -> float:
    """The queue's wall time: the rows' sum shared by the workers, no faster than the cores
    allow (each row uses every core it is given)."""
    total = sum(row.estimate_s for row in rows)
    return total / max(1, min(jobs, cores, len(rows) or 1))


def describe(plan: Sequence[PlannedRow], rerun_stale: bool, jobs: int, cores: int) -> str:
    lines = []
    for name in dict.fromkeys(row.experiment for row in plan):
        rows = [row for row in plan if row.experiment == name]
        lines.append(f"{name}: {len(rows)} rows")
        for row in rows:
            choice = " ".join(f"{k}={v}" for k, v in row.point.items())
            if row.status == "done":
                lines.append(f"  done   {choice}  (record {row.reason})")
            elif row.status == "needs":
                lines.append(f"  needs  {choice}  ({row.reason}): {row.command}")
            elif row.status == "stale" and not rerun_stale:
                lines.append(f"  stale  {choice}  ({row.reason}; kept)")
            else:
                label = "rerun" if row.status == "stale" else "run"
                lines.append(f"  {label:6} {choice}  ~{duration(row.estimate_s)}")
    runs = to_run(plan, rerun_stale)
    counts = {s: sum(r.status == s for r in plan) for s in ("done", "stale", "todo", "needs")}
    serial = sum(row.estimate_s for row in runs)
    wall = wall_estimate(runs, jobs, cores)
    lines.append(
        f"{len(plan)} rows: {counts['done']} done, {len(runs)} to run, {counts['needs']} need "
        f"weights or a GPU, {counts['stale']} at another config"
    )
    lines.append(
        f"estimate: {duration(serial)} of runs, about {duration(wall)} with -j {jobs} on "
        f"{cores} cores (from past records' timings; stages without one: defaults per clip)"
    )
    return "\n".join(lines)


def queue_commands(rows: Sequence[PlannedRow]) -> list[list[str]]:
    """One `dvc exp run --queue` per row, with its experiment and every choice."""
    commands = []
    for row in rows:
        options = ["-S", f"experiment={row.experiment}"]
        for key, value in row.choices.items():
            options += ["-S", f"{key}={value}"]
        commands.append(["dvc", "exp", "run", "--queue", *options])
    return commands


def _compose(overrides: list[str]) -> dict[str, Any]:
    from omegaconf import OmegaConf

    from voice2image.compose import compose_config

    plain = OmegaConf.to_container(compose_config(overrides), resolve=True)
    assert isinstance(plain, dict)
    return {str(key): value for key, value in plain.items()}


def write_report(root: Path) -> dict[str, Any]:
    from voice2image.compose import compose_config
    from voice2image.pipeline import report

    cfg = compose_config([], root=root)  # paths under the project, from any directory
    cfg.report.dir = str(root / str(cfg.report.dir))
    return report.run(cfg.report, cfg.tracking, int(cfg.seed), CONF_DIR, root)


def main(args: argparse.Namespace) -> int:
    import os

    from voice2image.paths import project_root
    from voice2image.results import record

    if args.jobs < 1:
        raise ValueError(f"-j {args.jobs}: expected at least 1 job")
    root = project_root(Path.cwd())
    defaults = _compose([])
    folder = record.records_dir(str(defaults["tracking"]["records"]), root)
    legacy = record.records_dir(str(defaults["report"]["legacy"]), root)
    records = record.read_all(folder)
    plan = build_plan(CONF_DIR, records, _compose, root, args.experiments, args.overrides,
                      legacy_dir=legacy)  # fmt: skip
    cores = len(os.sched_getaffinity(0))
    print(describe(plan, args.rerun_stale, args.jobs, cores), flush=True)
    runs = to_run(plan, args.rerun_stale)
    commands = queue_commands(runs)
    if runs:
        commands.append(["dvc", "queue", "start", "-j", str(args.jobs)])
    for command in commands:
        print(shlex.join(command), flush=True)
    if args.dry_run:
        return 0
    pending = subprocess.run(["dvc", "queue", "status"], capture_output=True, text=True)
    if unfinished(pending.stdout):
        raise ValueError(
            "the DVC queue already holds queued or running experiments (dvc queue status): let "
            "them finish, or `dvc queue remove --queued`, then run this again"
        )
    started = time.monotonic()
    for command in commands:
        if subprocess.run(command, cwd=root).returncode:
            print(f"thesis: failed: {shlex.join(command)}", file=sys.stderr)
            return 1
    if runs:
        wait_for_queue()
        print(f"thesis: queue drained after {duration(time.monotonic() - started)}")
    after = build_plan(CONF_DIR, record.read_all(folder), _compose, root, args.experiments,
                       args.overrides, legacy_dir=legacy)  # fmt: skip
    missing = to_run(after, args.rerun_stale)
    if not args.no_report:
        summary = write_report(root)
        print(f"thesis: report of {summary['runs']} records -> docs/results/")
    if missing:
        print(
            f"thesis: {len(missing)} rows still without a record at the current config "
            "(failed runs: dvc queue status, dvc queue logs TASK); run this again to retry",
            file=sys.stderr,
        )
        return 1
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    from voice2image.cli import USER_ERRORS, setup_logging

    parser = argparse.ArgumentParser(prog="python -m voice2image.thesis", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    add_arguments(parser)
    args = parser.parse_intermixed_args(argv)
    setup_logging()
    try:
        return main(args)
    except USER_ERRORS as exc:
        print(f"voice2image thesis: error: {exc}", file=sys.stderr)
        return 2
