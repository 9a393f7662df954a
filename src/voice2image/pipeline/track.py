"""Stage `track`: every step's metrics file, the config and the per-item artifacts as one
MLflow run (`metrics/*.json` stay the source of truth); `mlflow_run.json` names the run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from voice2image.config import to_plain
from voice2image.files import write_json
from voice2image.tracking import log_run

STEPS = ("asr", "text", "image", "speaker")
GROUPS = ("asr", "structure", "enrich", "diffusion", "speaker")


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
) -> str | None:
    """Log the run into `tracking.uri` (default: `<root>/mlflow.db`); `config`: the composed
    config, logged as the run's params, its choices as tags. Writes mlflow_run.json."""
    metrics_dir = Path(metrics_dir)
    metrics: dict[str, Any] = {}
    for step in STEPS:
        path = metrics_dir / f"{step}.json"
        if path.exists():
            metrics.update(json.loads(path.read_text()))
    plain = to_plain(config)
    choices = {group: plain[group]["name"] for group in GROUPS if group in plain}
    hardware = plain["hardware"]["name"]
    files = [metrics_dir / f"{step}.json" for step in STEPS]
    run_id = log_run(
        to_plain(tracking),
        root,
        run_name="-".join([*choices.values(), hardware]),
        params={key: value for key, value in plain.items() if key != "tracking"},
        metrics=metrics,
        artifacts=files + artifacts(metrics_dir, Path(images), transcripts, prompts),
        tags={"hardware": hardware, **choices},
    )
    write_json(metrics_dir / "mlflow_run.json", {"run_id": run_id})
    return run_id
