"""MLflow mirror of a stage's results. `metrics/*.json` stay the source of truth."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from voice2image.config import flatten


def tracking_uri(configured: str | None, root: Path) -> str:
    """Config first, then $MLFLOW_TRACKING_URI, then `mlflow.db` (SQLite) at the project root
    `root` (`paths.project_root`), which queued DVC experiments share with `mlflow ui` run
    from the repository."""
    if configured:
        return configured
    if os.environ.get("MLFLOW_TRACKING_URI"):
        return os.environ["MLFLOW_TRACKING_URI"]
    return f"sqlite:///{root / 'mlflow.db'}"


def git_commit(cwd: Path | None = None) -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=cwd, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 else "unknown"


def machine() -> str:
    """What the numbers were measured on: CPU model and cores, and the GPU when there is one."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    described = f"{cpu}, {len(os.sched_getaffinity(0))} cores"
    try:
        import torch

        if torch.cuda.is_available():
            described += f", {torch.cuda.get_device_name(0)}"
    except ImportError:
        pass
    return described


def experiment_id_for(name: str) -> str:
    """The experiment's id, created if needed. Parallel jobs race to create it: the losers
    read the winner's (mlflow.set_experiment returns it there without making it active, and
    the run would land in `Default`)."""
    from mlflow.exceptions import MlflowException
    from mlflow.tracking import MlflowClient

    client = MlflowClient()
    found = client.get_experiment_by_name(name)
    if found is not None:
        return str(found.experiment_id)
    try:
        return str(client.create_experiment(name))
    except MlflowException:
        found = client.get_experiment_by_name(name)
        if found is None:
            raise
        return str(found.experiment_id)


def log_run(
    tracking: dict[str, Any],
    root: Path,
    run_name: str,
    params: dict[str, Any],
    metrics: dict[str, Any],
    artifacts: Iterable[str | Path] = (),
    tags: dict[str, str] | None = None,
) -> str | None:
    """Log one run; returns its id (None when tracking is off). Nested metric dicts become
    slash-separated names (`wer/en`). `root`: the project, whose `mlflow.db` is the default
    store."""
    if not tracking.get("enabled", True):
        return None
    import mlflow

    mlflow.set_tracking_uri(tracking_uri(tracking.get("uri"), root))
    experiment_id = experiment_id_for(tracking.get("experiment", "voice2image"))
    numeric = {
        key.replace(".", "/"): float(value)
        for key, value in flatten(metrics).items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    all_tags = {
        "git_commit": git_commit(),
        "host": platform.node(),
        "cpu": platform.processor() or platform.machine(),
        "machine": machine(),
        "load_avg_1m": f"{os.getloadavg()[0]:.1f}",  # timings depend on what else ran
        "dvc_exp": os.environ.get("DVC_EXP_NAME", ""),
        **(tags or {}),
    }
    with mlflow.start_run(run_name=run_name, experiment_id=experiment_id) as active:
        mlflow.log_params({k: str(v)[:6000] for k, v in flatten(params).items()})
        mlflow.log_metrics(numeric)
        mlflow.set_tags(all_tags)
        for path in artifacts:
            if Path(path).is_dir():  # a folder of files: artifacts under its name
                mlflow.log_artifacts(str(path), artifact_path=Path(path).name)
            elif Path(path).exists():
                mlflow.log_artifact(str(path))
        return str(active.info.run_id)
