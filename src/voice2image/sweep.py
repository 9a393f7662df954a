"""Run a thesis table's grid (`conf/experiment/<name>.yaml`) without writing it out by hand:

    python -m voice2image.sweep asr_engines                      # DVC: queue, then run (-j N)
    python -m voice2image.sweep asr_engines --multirun -j 4      # Hydra multirun, joblib
    python -m voice2image.sweep diffusion_hardware --dry-run diffusion=tiny,sd_turbo_random

The grid lives in the experiment file's `hydra.sweeper.params`, which a Hydra multirun applies
itself; for DVC it becomes `-S` options (DVC composes params.yaml from conf/ and the `-S`
overrides alone, so the experiment file names every non-default group). Overrides on the command
line replace the grid of their key (`asr=reference,pocketsphinx`) or fix a value
(`dataset=smoke`), on both paths.
"""

from __future__ import annotations

import argparse
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from voice2image.config import CONF_DIR

# -j N means a different option for each launcher; `basic` runs the jobs one after another.
LAUNCHERS = {
    "basic": None,
    "joblib": "hydra.launcher.n_jobs",
    "slurm": "hydra.launcher.array_parallelism",
}


@dataclass
class Experiment:
    """A thesis table's grid: the swept keys with their values, and the fixed overrides."""

    name: str
    grid: dict[str, list[str]]
    fixed: dict[str, str] = field(default_factory=dict)

    def with_overrides(self, overrides: Sequence[str]) -> Experiment:
        grid, fixed = dict(self.grid), dict(self.fixed)
        for override in overrides:
            key, sep, value = override.partition("=")
            if not sep or not key or key.startswith(("+", "~")):
                raise ValueError(f"override '{override}': expected key=value or key=a,b")
            if key.startswith("hydra"):  # Hydra's own settings: no part of the grid
                continue
            grid.pop(key, None)
            fixed.pop(key, None)
            if "," in value:
                grid[key] = [v.strip() for v in value.split(",")]
            else:
                fixed[key] = value
        return Experiment(self.name, grid, fixed)

    def points(self) -> list[dict[str, str]]:
        """Every combination of the grid, in the order the experiment file lists them."""
        combos: list[dict[str, str]] = [{}]
        for key, values in self.grid.items():
            combos = [{**combo, key: value} for combo in combos for value in values]
        return combos


def experiment_names(conf_dir: Path) -> list[str]:
    return sorted(path.stem for path in (conf_dir / "experiment").glob("*.yaml"))


def load_experiment(name: str, conf_dir: Path) -> Experiment:
    path = conf_dir / "experiment" / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(experiment_names(conf_dir)) or "none"
        raise ValueError(f"experiment '{name}': no {path} (known: {known})")
    cfg = OmegaConf.load(path)
    assert isinstance(cfg, DictConfig)
    params = OmegaConf.select(cfg, "hydra.sweeper.params") or {}
    grid = {str(k): [v.strip() for v in str(vals).split(",")] for k, vals in params.items()}
    fixed: dict[str, str] = {}
    for entry in cfg.get("defaults") or []:
        if isinstance(entry, DictConfig):
            for key, value in entry.items():
                group = str(key).removeprefix("override").strip().lstrip("/")
                fixed[group] = str(value)
    return Experiment(name, grid, fixed)


def dvc_commands(experiment: Experiment, jobs: int) -> list[list[str]]:
    """`dvc exp run --queue` with the grid as comma lists (DVC expands it), then the workers."""
    options = ["-S", f"experiment={experiment.name}"]
    for key, value in experiment.fixed.items():
        options += ["-S", f"{key}={value}"]
    for key, values in experiment.grid.items():
        options += ["-S", f"{key}={','.join(values)}"]
    return [["dvc", "exp", "run", "--queue", *options], ["dvc", "queue", "start", "-j", str(jobs)]]


POLL_S = 15.0
UNFINISHED = re.compile(r"\b(Queued|Running)\b")


def unfinished(status_output: str) -> int:
    return sum(1 for line in status_output.splitlines() if UNFINISHED.search(line))


def wait_for_queue(poll_s: float = POLL_S) -> None:
    """Until no queued experiment is queued or running (`dvc queue start` returns at once)."""
    while True:
        done = subprocess.run(["dvc", "queue", "status"], capture_output=True, text=True)
        left = unfinished(done.stdout)
        if done.returncode or not left:
            return
        print(f"{left} queued experiments queued or running", file=sys.stderr, flush=True)
        time.sleep(poll_s)


def multirun_command(name: str, overrides: Sequence[str], jobs: int, launcher: str) -> list[str]:
    """The Hydra app; the experiment's `hydra.sweeper.params` is the grid, overrides win."""
    if launcher not in LAUNCHERS:
        raise ValueError(f"launcher '{launcher}': expected one of {', '.join(LAUNCHERS)}")
    # Hydra's parser wants every override after the flags
    command = [sys.executable, "-m", "voice2image.app", "--multirun", f"experiment={name}"]
    command += list(overrides)
    if launcher != "basic":
        command.append(f"hydra/launcher={launcher}")
    option = LAUNCHERS[launcher]
    if option:
        command.append(f"{option}={jobs}")
    return command


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m voice2image.sweep", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("experiment", help=f"one of: {', '.join(experiment_names(CONF_DIR))}")
    parser.add_argument("overrides", nargs="*", help="key=value or key=a,b (replaces the grid)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--queue", action="store_true", help="DVC queued experiments (default)")
    mode.add_argument("--multirun", action="store_true", help="Hydra multirun, no DVC")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="parallel jobs (default 1)")
    parser.add_argument(
        "--launcher",
        default=None,
        help="multirun launcher: basic, joblib (default with -j > 1), slurm",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the commands only")
    return parser.parse_intermixed_args(argv)


CRASHES = {"SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGABRT"}


def exit_reason(status: int) -> str:
    """A child's exit status in words; a negative one is the signal that killed it (a crash in
    native code ends the process with no Python traceback)."""
    if status > 0:
        return f"exited with status {status}"
    try:
        name = signal.Signals(-status).name
    except ValueError:
        name = f"signal {-status}"
    return f"killed by {name}" + (" (a crash inside a native library)" if name in CRASHES else "")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.jobs < 1:
        raise ValueError(f"-j {args.jobs}: expected at least 1 job")
    experiment = load_experiment(args.experiment, CONF_DIR).with_overrides(args.overrides)
    if not args.multirun and any(o.startswith("hydra") for o in args.overrides):
        raise ValueError("hydra.* and hydra/... overrides apply to --multirun only")
    if args.multirun:
        launcher = args.launcher or ("joblib" if args.jobs > 1 else "basic")
        commands = [multirun_command(experiment.name, args.overrides, args.jobs, launcher)]
    else:
        commands = dvc_commands(experiment, args.jobs)
    print(f"{experiment.name}: {len(experiment.points())} runs", file=sys.stderr)
    for command in commands:
        print(shlex.join(command), flush=True)
        if not args.dry_run:
            status = subprocess.run(command).returncode
            if status:
                print(f"{experiment.name}: {exit_reason(status)}: {shlex.join(command)}",
                      file=sys.stderr)  # fmt: skip
                return status if status > 0 else 128 - status  # the shell's code for a signal
    if not args.multirun and not args.dry_run:
        wait_for_queue()  # `dvc queue start` returns at once: the runs are DVC's workers
    return 0


if __name__ == "__main__":
    from voice2image.cli import main_guard

    main_guard(lambda: sys.exit(main()), "sweep")
