"""Stage `evaluate`: score the transcripts, write `metrics/*.json`, mirror to MLflow."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from voice2image.config import to_plain
from voice2image.evaluation.asr import asr_metrics, score_items
from voice2image.evaluation.plots import wer_by_voice_png
from voice2image.files import read_jsonl, write_json, write_jsonl
from voice2image.tracking import log_run


@dataclass
class EvaluateOutputs:
    metrics: dict[str, Any]
    run_id: str | None


def run(
    cfg: DictConfig,
    manifest: str | Path,
    transcripts: str | Path,
    metrics_out: str | Path,
    items_out: str | Path,
) -> EvaluateOutputs:
    """`cfg` is the whole composed config (logged as MLflow params)."""
    manifest_rows = read_jsonl(manifest)
    records = {record["id"]: record for record in read_jsonl(transcripts)}
    summary_path = Path(f"{transcripts}.summary.json")
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    rows = score_items(manifest_rows, records, task=str(cfg.asr.get("task", "transcribe")))
    metrics = {"asr": asr_metrics(rows, summary)}
    write_json(metrics_out, metrics)
    write_jsonl(items_out, rows)
    plain = to_plain(cfg)
    plot = Path(metrics_out).parent / "plots" / "asr_wer_by_voice.png"
    sources = {row["speaker"]: row["source"] for row in manifest_rows}
    wer_by_voice_png(metrics["asr"], sources, f"WER by voice: {plain['asr']['name']}", plot)
    run_id = log_run(
        plain.get("tracking", {}),
        run_name=f"{plain['asr']['name']}-{plain['hardware']['name']}",
        params={key: plain[key] for key in plain if key not in ("tracking",)},
        metrics=metrics,
        artifacts=[metrics_out, items_out, transcripts, plot],
        tags={"hardware": plain["hardware"]["name"], "asr": plain["asr"]["name"]},
    )
    return EvaluateOutputs(metrics, run_id)
