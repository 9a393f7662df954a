"""The runs a report is made of (run records, and rows published before records existed), and
the rows of a thesis table chosen from them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from voice2image.config import flatten
from voice2image.results.record import GROUPS, RunRecord

__all__ = ["GROUPS", "LegacyRow", "LegacyTable", "Row", "Run", "from_record", "select_rows"]


@dataclass(frozen=True)
class Run:
    """One measured table row's source: a run record, or a row published without one."""

    run_id: str
    created: str  # ISO 8601 (UTC); "" for a row published without a record: older than any
    choices: dict[str, str]
    metrics: dict[str, float]  # slash names, intervals as `<name>_ci/low` and `/high`
    commit: str = "unknown"
    measured_on: str = ""  # `cpu on AMD EPYC, 2 cores`: the profile and the machine
    load: str = ""  # the 1-minute load average at the end of the run
    items: Mapping[str, list[dict[str, Any]]] = field(default_factory=dict)
    mlflow_run_id: str | None = None
    has_record: bool = True

    @property
    def hardware(self) -> str:
        return self.measured_on or f"{self.choices.get('hardware', '?')} on ?"

    @property
    def short_id(self) -> str:
        """The record's random suffix (`ls results/runs/*<it>*`), or the old MLflow run id."""
        return self.run_id.rsplit("-", 1)[-1][:8]

    def metric(self, key: str) -> float | None:
        return self.metrics.get(key)

    def interval(self, key: str) -> tuple[float, float] | None:
        low, high = self.metrics.get(f"{key}_ci/low"), self.metrics.get(f"{key}_ci/high")
        return None if low is None or high is None else (low, high)


def numeric(metrics: Mapping[str, Any]) -> dict[str, float]:
    return {
        key.replace(".", "/"): float(value)
        for key, value in flatten(dict(metrics)).items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }


def from_record(record: RunRecord) -> Run:
    origin = record.provenance
    return Run(
        run_id=record.id,
        created=record.created,
        choices=dict(record.choices),
        metrics=numeric(record.metrics),
        commit=origin.commit,
        measured_on=f"{record.choices.get('hardware', '?')} on {origin.machine or '?'}",
        load=f"{origin.load_avg[0]:.1f}" if origin.load_avg else "",
        items=record.items,
        mlflow_run_id=record.mlflow_run_id,
    )


class LegacyRow(BaseModel):
    """A row of a thesis table as it was published before run records existed: its choices,
    the figures it showed (metric name -> value as printed), where it was measured. Kept as
    published until a record of the same row replaces it; never turned into a record."""

    model_config = ConfigDict(extra="forbid")

    key: dict[str, str]
    metrics: dict[str, float]
    measured_on: str
    load: str = ""
    commit: str
    run: str  # the MLflow run id the table named

    def as_run(self) -> Run:
        return Run(
            run_id=self.run,
            created="",
            choices=dict(self.key),
            metrics=dict(self.metrics),
            commit=self.commit,
            measured_on=self.measured_on,
            load=self.load,
            has_record=False,
        )


class LegacyTable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    experiment: str
    source: str  # where the rows were read from
    rows: list[LegacyRow]


def load_legacy(folder: Path, experiment: str) -> list[Run]:
    """The rows of `experiment`'s table published without a record (none without the file)."""
    path = folder / f"{experiment}.json"
    if not path.is_file():
        return []
    try:
        table = LegacyTable.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValidationError, ValueError) as exc:
        raise ValueError(
            f"{path}: not a table of legacy rows ({str(exc).splitlines()[0]})"
        ) from None
    return [row.as_run() for row in table.rows]


@dataclass(frozen=True)
class Row:
    """A table row: the choices of its axes (dataset first), the newest run that measured it
    and, when it was measured before, the run before that one."""

    key: tuple[str, ...]
    run: Run
    previous: Run | None = None

    @property
    def remeasured(self) -> bool:
        return self.previous is not None


def _order(run: Run) -> tuple[str, str]:
    return (run.created, run.run_id)


def select_rows(
    runs: Iterable[Run],
    axes: Sequence[str],
    fixed: dict[str, str],
    order: dict[str, list[str]],
    legacy: Iterable[Run] = (),
) -> list[Row]:
    """Per combination of `dataset` and `axes`: the newest run among the runs whose choices
    match `fixed` (and this table's `legacy` rows, which are older than any record), and the
    one before it. Rows in the grid's order (`order`), values it does not list after, sorted.
    Deterministic for the same runs."""
    groups = ("dataset", *axes)
    measured: dict[tuple[str, ...], list[Run]] = {}
    for run in runs:
        if any(run.choices.get(g) != v for g, v in fixed.items() if g != "dataset"):
            continue
        if any(g not in run.choices for g in groups):
            continue
        measured.setdefault(tuple(run.choices[g] for g in groups), []).append(run)
    for run in legacy:
        if all(g in run.choices for g in groups):
            measured.setdefault(tuple(run.choices[g] for g in groups), []).append(run)

    def rank(key: tuple[str, ...]) -> tuple[Any, ...]:
        ranks = []
        for group, value in zip(groups, key, strict=True):
            listed = order.get(group, [])
            ranks.append((listed.index(value) if value in listed else len(listed), value))
        return tuple(ranks)

    rows = []
    for key in sorted(measured, key=rank):
        history = sorted(measured[key], key=_order)
        rows.append(Row(key, history[-1], history[-2] if len(history) > 1 else None))
    return rows
