"""Run records into an MLflow store, so its UI shows the published runs on any machine.

Each record becomes one finished run of the experiment, started at the record's time, with the
flattened config as params, every numeric metric (intervals as `<name>_ci/low` and `/high`)
and the choices, commit, machine and load as tags; the record file is its artifact. The tag
`record_id` makes the import idempotent: a record whose run is already in the store (imported
before, or logged by the `track` stage that wrote it) is skipped.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from voice2image.config import flatten
from voice2image.results.record import RunRecord, dumps

# The run name the track stage gives a run: its choices in this order.
RUN_NAME = ("asr", "structure", "enrich", "diffusion", "speaker", "hardware")
# MLflow's limits per log_batch request.
BATCH = {"metrics": 1000, "params": 100, "tags": 100}


def numeric_metrics(metrics: dict[str, Any]) -> dict[str, float]:
    return {
        key.replace(".", "/"): float(value)
        for key, value in flatten(metrics).items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }


def _chunks(values: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _millis(created: str) -> int:
    return int(datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp() * 1000)


def imported_ids(client: Any, experiment_id: str) -> set[str]:
    """The `record_id` tags of the experiment's runs."""
    found: set[str] = set()
    token = None
    while True:
        page = client.search_runs(
            [experiment_id], filter_string="tags.record_id != ''", max_results=1000,
            page_token=token,
        )  # fmt: skip
        found |= {run.data.tags["record_id"] for run in page if run.data.tags.get("record_id")}
        token = page.token
        if not token:
            return found


def import_records(
    records: Sequence[RunRecord], uri: str, experiment: str = "voice2image"
) -> tuple[list[str], list[str]]:
    """Import `records` into the store at `uri`; returns (imported, skipped) record ids."""
    from mlflow.entities import Metric, Param
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri)
    found = client.get_experiment_by_name(experiment)
    experiment_id = found.experiment_id if found else client.create_experiment(experiment)
    present = imported_ids(client, experiment_id)
    imported, skipped = [], []
    for run_record in records:
        if run_record.id in present:
            skipped.append(run_record.id)
            continue
        start = _millis(run_record.created)
        origin = run_record.provenance
        tags = {
            "record_id": run_record.id,
            "git_commit": origin.commit,
            "machine": origin.machine,
            "load_avg_1m": f"{origin.load_avg[0]:.1f}" if origin.load_avg else "",
            "cpu_flags": " ".join(origin.cpu_flags),
            "launcher": origin.launcher,
            "imported_from": "run record",
            **run_record.choices,
        }
        name = "-".join(run_record.choices.get(group, "?") for group in RUN_NAME)
        run = client.create_run(experiment_id, start_time=start, tags=tags, run_name=name)
        run_id = run.info.run_id
        params = [Param(k, str(v)[:6000]) for k, v in flatten(run_record.config).items()]
        metrics = [
            Metric(key, value, start, 0)
            for key, value in numeric_metrics(run_record.metrics).items()
        ]
        for batch in _chunks(metrics, BATCH["metrics"]):
            client.log_batch(run_id, metrics=list(batch))
        for batch in _chunks(params, BATCH["params"]):
            client.log_batch(run_id, params=list(batch))
        with tempfile.TemporaryDirectory(prefix="v2i-record-") as scratch:
            path = Path(scratch) / f"{run_record.id}.json"
            path.write_text(dumps(run_record), encoding="utf-8")
            client.log_artifact(run_id, str(path))
        client.set_terminated(run_id, "FINISHED", end_time=start)
        imported.append(run_record.id)
    return imported, skipped
