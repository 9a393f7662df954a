"""Stage `track`: the run's record in the repository (`tracking.records`, one JSON file per run:
metrics with intervals, config, choices, provenance, per-item rows) and the same run in MLflow
with the per-item artifacts (`metrics/*.json` stay the source of truth); `mlflow_run.json` names
both."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from voice2image.config import to_plain
from voice2image.files import write_json
from voice2image.results import record
from voice2image.tracking import log_run

STEPS = record.STEPS
GROUPS = ("asr", "structure", "enrich", "diffusion", "speaker")
DEFAULT_RECORDS = "results/runs"

log = logging.getLogger(__name__)


def artifacts(
    metrics_dir: Path, images: Path, transcripts: str | Path, prompts: str | Path
) -> list[Path]:
    """What a tracked run logs besides the metrics files: per-item rows and plots, the contact
    sheet, one PNG per item (the report's image grids), the transcripts and the prompts."""
    return [
        metrics_dir / "asr_items.jsonl",
        metrics_dir / "text_items.jsonl",
        metrics_dir / "image_items.jsonl",
        metrics_dir / "plots" / "asr_wer_by_voice.png",
        metrics_dir / "speaker_items.jsonl",
        metrics_dir / "plots" / "speaker_similarity.png",
        images / "contact_sheet.png",
        images / "images",
        Path(transcripts),
        Path(prompts),
    ]


def run(
    tracking: Any,
    config: Any,
    root: Path,
    metrics_dir: str | Path,
    images: str | Path,
    transcripts: str | Path,
    prompts: str | Path,
    launcher: str = "dvc",
) -> str | None:
    """Write the run record into `tracking.records` (relative to the project `root`) and log the
    run into `tracking.uri` (default: `<root>/mlflow.db`; skipped when `tracking.enabled` is
    false); `config`: the composed config, logged as the run's params, its choices as tags;
    `launcher`: what ran the pipeline (dvc, hydra). Writes mlflow_run.json; returns the MLflow
    run id."""
    metrics_dir = Path(metrics_dir)
    metrics: dict[str, Any] = {}
    for step in STEPS:
        path = metrics_dir / f"{step}.json"
        if path.exists():
            metrics.update(json.loads(path.read_text()))
    plain = to_plain(config)
    settings = to_plain(tracking)
    run_record = record.build(plain, metrics, record.item_rows(metrics_dir), launcher)
    choices = {group: plain[group]["name"] for group in GROUPS if group in plain}
    hardware = plain["hardware"]["name"]
    files = [metrics_dir / f"{step}.json" for step in STEPS]
    run_id = log_run(
        settings,
        root,
        run_name="-".join([*choices.values(), hardware]),
        params={key: value for key, value in plain.items() if key != "tracking"},
        metrics=metrics,
        artifacts=files + artifacts(metrics_dir, Path(images), transcripts, prompts),
        tags={"hardware": hardware, "record_id": run_record.id, **choices},
    )
    run_record.mlflow_run_id = run_id
    folder = record.records_dir(settings.get("records") or DEFAULT_RECORDS, root)
    path = record.write(run_record, folder)
    log.info("track: run record %s", path)
    write_json(metrics_dir / "mlflow_run.json", {"run_id": run_id, "record": run_record.id})
    return run_id
