"""The MLflow runs a report is made of, and the rows of a thesis table chosen from them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Config groups a run records as `<group>.name` params; a table row is a choice of some.
GROUPS = ("dataset", "asr", "structure", "enrich", "diffusion", "hardware", "speaker")


@dataclass(frozen=True)
class Run:
    """One finished pipeline run as the report needs it."""

    run_id: str
    start_time: int
    choices: dict[str, str]
    metrics: dict[str, float]
    commit: str = "unknown"
    machine: str = ""
    host: str = ""
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def hardware(self) -> str:
        """The profile and the machine: `cpu on AMD EPYC, 2 cores`."""
        return f"{self.choices.get('hardware', '?')} on {self.machine or '?'}"

    @property
    def load(self) -> str:
        """The 1-minute load average when the run was logged ('' for older runs)."""
        return self.tags.get("load_avg_1m", "")

    def metric(self, key: str) -> float | None:
        return self.metrics.get(key)


def from_mlflow(run: Any) -> Run:
    params, tags = run.data.params, run.data.tags
    choices = {g: params[f"{g}.name"] for g in GROUPS if f"{g}.name" in params}
    return Run(
        run_id=run.info.run_id,
        start_time=int(run.info.start_time or 0),
        choices=choices,
        metrics={str(k): float(v) for k, v in run.data.metrics.items()},
        commit=tags.get("git_commit") or tags.get("mlflow.source.git.commit") or "unknown",
        machine=tags.get("machine") or tags.get("cpu", ""),
        host=tags.get("host", ""),
        tags=dict(tags),
    )


def load_runs(tracking_uri: str, experiment: str) -> list[Run]:
    """Every finished run of the experiment, oldest first (an empty list when it has none)."""
    from mlflow.entities import RunStatus
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=tracking_uri)
    found = client.get_experiment_by_name(experiment)
    if found is None:
        return []
    runs: list[Run] = []
    token = None
    while True:
        page = client.search_runs(
            [found.experiment_id], max_results=1000, page_token=token, order_by=["start_time ASC"]
        )
        runs += [
            from_mlflow(r) for r in page if r.info.status == RunStatus.to_string(RunStatus.FINISHED)
        ]
        token = page.token
        if not token:
            break
    return sorted(runs, key=lambda r: (r.start_time, r.run_id))


@dataclass(frozen=True)
class Row:
    """A table row: the choices of its axes (dataset first) and the run that fills it."""

    key: tuple[str, ...]
    run: Run


def select_rows(
    runs: Iterable[Run],
    axes: Sequence[str],
    fixed: dict[str, str],
    order: dict[str, list[str]],
) -> list[Row]:
    """The latest run per combination of `dataset` and `axes` among the runs whose choices
    match `fixed`; rows in the grid's order (`order`), values it does not list after, sorted.
    Deterministic for the same runs."""
    latest: dict[tuple[str, ...], Run] = {}
    groups = ("dataset", *axes)
    for run in runs:
        if any(run.choices.get(g) != v for g, v in fixed.items() if g != "dataset"):
            continue
        if any(g not in run.choices for g in groups):
            continue
        key = tuple(run.choices[g] for g in groups)
        best = latest.get(key)
        if best is None or (run.start_time, run.run_id) > (best.start_time, best.run_id):
            latest[key] = run

    def rank(key: tuple[str, ...]) -> tuple[Any, ...]:
        ranks = []
        for group, value in zip(groups, key, strict=True):
            listed = order.get(group, [])
            ranks.append((listed.index(value) if value in listed else len(listed), value))
        return tuple(ranks)

    return [Row(key, latest[key]) for key in sorted(latest, key=rank)]
