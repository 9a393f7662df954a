"""Stage `evaluate`: one scorer per pipeline step, each writing `metrics/<step>.json` (the source
of truth) and per-item rows; `track` mirrors them all into one MLflow run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from voice2image.config import to_plain
from voice2image.evaluation.asr import asr_metrics, score_items
from voice2image.evaluation.plots import wer_by_voice_png
from voice2image.files import read_jsonl, write_json, write_jsonl
from voice2image.tracking import log_run

STEPS = ("asr", "text", "image", "speaker")


def run_asr(
    cfg: DictConfig, manifest: str | Path, transcripts: str | Path, metrics_dir: str | Path
) -> dict[str, Any]:
    """WER/CER, latency and stage figures -> asr.json, asr_items.jsonl, plots/."""
    metrics_dir = Path(metrics_dir)
    manifest_rows = read_jsonl(manifest)
    records = {record["id"]: record for record in read_jsonl(transcripts)}
    summary_path = Path(f"{transcripts}.summary.json")
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    rows = score_items(manifest_rows, records, task=str(cfg.asr.get("task", "transcribe")))
    metrics = {"asr": asr_metrics(rows, summary)}
    write_json(metrics_dir / "asr.json", metrics)
    write_jsonl(metrics_dir / "asr_items.jsonl", rows)
    sources = {row["speaker"]: row["source"] for row in manifest_rows}
    title = f"WER by voice: {cfg.asr.name}"
    wer_by_voice_png(metrics["asr"], sources, title, metrics_dir / "plots" / "asr_wer_by_voice.png")
    return metrics


def run_text(
    cfg: DictConfig,
    manifest: str | Path,
    structured: str | Path,
    prompts: str | Path,
    metrics_dir: str | Path,
) -> dict[str, Any]:
    """Slot scores against the gold descriptions, self-corrections, prompt similarity and
    length -> text.json, text_items.jsonl."""
    from voice2image.evaluation.text import evaluate_text

    metrics_dir = Path(metrics_dir)
    descriptions = [str(path) for path in cfg.dataset.descriptions]
    text, rows = evaluate_text(read_jsonl(manifest), descriptions, str(structured), str(prompts))
    metrics = {"text": text}
    write_json(metrics_dir / "text.json", metrics)
    write_jsonl(metrics_dir / "text_items.jsonl", rows)
    return metrics


def run_image(cfg: DictConfig, images: str | Path, metrics_dir: str | Path) -> dict[str, Any]:
    """CLIPScore, latency split and memory -> image.json, image_items.jsonl."""
    from voice2image.evaluation.image import evaluate_images

    metrics_dir = Path(metrics_dir)
    result = evaluate_images(images, str(cfg.diffusion.clip_model), device=cfg.hardware.device)
    write_json(metrics_dir / "image.json", result.metrics)
    write_jsonl(metrics_dir / "image_items.jsonl", result.items)
    return result.metrics


def track(cfg: DictConfig, metrics_dir: str | Path, artifacts: list[str | Path]) -> str | None:
    """Log every step's metrics file as one MLflow run; writes mlflow_run.json with its id."""
    metrics_dir = Path(metrics_dir)
    metrics: dict[str, Any] = {}
    for step in STEPS:
        path = metrics_dir / f"{step}.json"
        if path.exists():
            metrics.update(json.loads(path.read_text()))
    plain = to_plain(cfg)
    choices = {
        g: plain[g]["name"]
        for g in ("asr", "structure", "enrich", "diffusion", "speaker")
        if g in plain
    }
    hardware = plain["hardware"]["name"]
    run_id = log_run(
        plain.get("tracking", {}),
        run_name="-".join([*choices.values(), hardware]),
        params={key: value for key, value in plain.items() if key != "tracking"},
        metrics=metrics,
        artifacts=[metrics_dir / f"{step}.json" for step in STEPS] + list(artifacts),
        tags={"hardware": hardware, **choices},
    )
    write_json(metrics_dir / "mlflow_run.json", {"run_id": run_id})
    return run_id
