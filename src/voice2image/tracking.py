"""MLflow mirror of a stage's results. `metrics/*.json` stay the source of truth."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from voice2image.config import flatten
from voice2image.paths import project_root


def tracking_uri(configured: str | None) -> str:
    """Config first, then $MLFLOW_TRACKING_URI, then `mlflow.db` (SQLite) at the project root,
    which queued DVC experiments share with `mlflow ui` run from the repository."""
    if configured:
        return configured
    if os.environ.get("MLFLOW_TRACKING_URI"):
        return os.environ["MLFLOW_TRACKING_URI"]
    return f"sqlite:///{project_root() / 'mlflow.db'}"


def git_commit(cwd: Path | None = None) -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=cwd, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 else "unknown"


def log_run(
    tracking: dict[str, Any],
    run_name: str,
    params: dict[str, Any],
    metrics: dict[str, Any],
    artifacts: Iterable[str | Path] = (),
    tags: dict[str, str] | None = None,
) -> str | None:
    """Log one run; returns its id (None when tracking is off). Nested metric dicts become
    slash-separated names (`wer/en`)."""
    if not tracking.get("enabled", True):
        return None
    import mlflow

    mlflow.set_tracking_uri(tracking_uri(tracking.get("uri")))
    mlflow.set_experiment(tracking.get("experiment", "voice2image"))
    numeric = {
        key.replace(".", "/"): float(value)
        for key, value in flatten(metrics).items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    all_tags = {
        "git_commit": git_commit(),
        "host": platform.node(),
        "cpu": platform.processor() or platform.machine(),
        "dvc_exp": os.environ.get("DVC_EXP_NAME", ""),
        **(tags or {}),
    }
    with mlflow.start_run(run_name=run_name) as active:
        mlflow.log_params({k: str(v)[:6000] for k, v in flatten(params).items()})
        mlflow.log_metrics(numeric)
        mlflow.set_tags(all_tags)
        for path in artifacts:
            if Path(path).exists():
                mlflow.log_artifact(str(path))
        return str(active.info.run_id)
