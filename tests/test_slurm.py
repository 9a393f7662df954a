"""Slow: a 4-job Hydra multirun of the real app through a real SLURM (the `slurm` launcher,
submitit), on the one-node loopback cluster of scripts/start_slurm.sh, with every run reaching
the MLflow tracking server. scripts/test.sh starts the cluster and exports V2I_SLURM_CONF; with
it set (or under CI) a cluster that does not answer fails the test instead of skipping it."""

from __future__ import annotations

import json
import os
import pwd
import re
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from test_sweeps import numeric_metrics, sh, tracking_server

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CONF = Path.home() / ".cache" / "voice2image" / "slurm" / "slurm.conf"


def slurm_env() -> dict[str, str]:
    """The environment whose SLURM_CONF names a cluster with an idle (or busy) node."""
    configured = os.environ.get("V2I_SLURM_CONF")
    conf = Path(configured or DEFAULT_CONF)
    env = {k: v for k, v in os.environ.items() if k != "MLFLOW_TRACKING_URI"}
    env["SLURM_CONF"] = str(conf)
    try:
        states = subprocess.run(
            ["sinfo", "-h", "-N", "-o", "%T"], env=env, capture_output=True, text=True, timeout=30
        )
        answered = states.returncode == 0 and any(
            state in {"idle", "mixed", "allocated"} for state in states.stdout.split()
        )
        detail = (states.stdout + states.stderr).strip()
    except (OSError, subprocess.TimeoutExpired) as error:
        answered, detail = False, str(error)
    if answered:
        return env
    if configured or os.environ.get("CI"):
        pytest.fail(f"SLURM ({conf}) does not answer with a usable node: {detail or 'no output'}")
    pytest.skip(f"no SLURM cluster at {conf}: start one with bash scripts/start_slurm.sh")


@pytest.mark.slow
def test_slurm_sweep_runs_every_job_on_the_cluster_and_logs_it_to_the_tracking_server(tmp_path):
    from mlflow.tracking import MlflowClient

    env = slurm_env()
    url = tracking_server()
    name = f"test-slurm-{uuid.uuid4().hex[:8]}"
    prepared, sweep_dir = tmp_path / "prepared", tmp_path / "multirun"
    # 4 grid points whose structuring and enrichment methods load no model: the launcher is tested.
    structures, enrichers = ["none", "rules"], ["none", "tags"]
    started = time.perf_counter()
    sh(
        sys.executable, "-m", "voice2image.app", "--multirun", "experiment=enrichment",
        "dataset=smoke", "dataset.limit=1",  # 5 clips: one description per language, goforward
        f"structure={','.join(structures)}", f"enrich={','.join(enrichers)}",
        f"tracking.uri={url}", f"tracking.experiment={name}",
        f"paths.prepared={prepared}", f"paths.manifest={prepared}/manifest.jsonl",
        f"hydra.sweep.dir={sweep_dir}", f"tracking.records={sweep_dir / 'records'}",
        "hydra/launcher=slurm",
        # one CPU per job: two jobs side by side on a 2-core node
        "hydra.launcher.cpus_per_task=1", "hydra.launcher.mem_gb=3",
        "hydra.launcher.timeout_min=30",
        cwd=REPO, env=env, timeout=1800,
    )  # fmt: skip
    wall = time.perf_counter() - started
    print(f"4-job SLURM sweep: {wall:.0f} s (load average {Path('/proc/loadavg').read_text()})")

    # SLURM's side: one array job of 4 tasks, each COMPLETED. No accounting database on the
    # loopback cluster, so slurmctld's own records (kept for MinJobAge, an hour there); a task
    # is done for submitit when its result file is written, for SLURM a moment later.
    tasks = sorted(p.name for p in (sweep_dir / ".submitit").glob("*_*") if p.is_dir())
    assert len(tasks) == 4 and len({t.split("_")[0] for t in tasks}) == 1, tasks
    array_id = tasks[0].split("_")[0]
    for _ in range(60):
        shown = sh("scontrol", "-o", "show", "job", array_id, cwd=REPO, env=env)
        states = re.findall(r"JobState=(\S+)", shown)
        if not {"RUNNING", "COMPLETING"} & set(states):
            break
        time.sleep(1)
    assert states == ["COMPLETED"] * 4, shown
    user = pwd.getpwuid(os.getuid()).pw_name
    assert re.findall(r"UserId=(\w+)", shown) == [user] * 4, "jobs run as the submitting user"
    starts = [datetime.fromisoformat(s) for s in re.findall(r"StartTime=(\S+)", shown)]

    items = len((prepared / "manifest.jsonl").read_text().splitlines())
    # The tracking server's side: every grid point, every metric, every image.
    client = MlflowClient(tracking_uri=url)
    experiment = client.get_experiment_by_name(name)
    assert experiment is not None, f"no experiment {name} on {url}"
    runs = client.search_runs([experiment.experiment_id])
    points = sorted((r.data.params["structure.name"], r.data.params["enrich.name"]) for r in runs)
    assert points == sorted((s, e) for s in structures for e in enrichers)
    assert {run.info.status for run in runs} == {"FINISHED"}
    jobs = {
        json.loads((job / "metrics" / "mlflow_run.json").read_text())["run_id"]: job
        for job in sweep_dir.glob("[0-9]*")
    }
    for run in runs:
        expected = numeric_metrics(jobs[run.info.run_id] / "metrics")
        assert run.data.metrics == pytest.approx(expected), run.data.params
        assert len(client.list_artifacts(run.info.run_id, "images")) == items
    # The dataset was prepared once, before any job started (the PrepareDataset callback).
    prepared_at = datetime.fromtimestamp((prepared / "manifest.jsonl").stat().st_mtime)
    assert prepared_at.replace(microsecond=0) <= min(starts)
