"""Stage `evaluate_asr`: WER/CER by language, source and voice, latency and the transcribe
stage's figures, and which prepared clips differ from the committed reference hashes ->
`metrics/asr.json` (the source of truth), `asr_items.jsonl`, a plot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from voice2image.evaluation.asr import asr_metrics, score_items
from voice2image.evaluation.clip_hashes import check
from voice2image.evaluation.plots import wer_by_voice_png
from voice2image.files import read_jsonl, write_json, write_jsonl


def run(
    asr: DictConfig,
    seed: int,
    manifest: str | Path,
    transcripts: str | Path,
    metrics_dir: str | Path,
    reference_hashes: str | Path | None = None,
) -> dict[str, Any]:
    """WER/CER with intervals, latency and stage figures -> asr.json, asr_items.jsonl, plots/.
    `asr`: the engine's section (its name for the plot, its task: a translation is scored
    against the English reference); `seed`: the intervals' (the config's `seed`);
    `reference_hashes`: the data set's committed clip hashes (`paths.reference_hashes`; no
    comparison when the file does not exist)."""
    metrics_dir = Path(metrics_dir)
    manifest_rows = read_jsonl(manifest)
    records = {record["id"]: record for record in read_jsonl(transcripts)}
    summary_path = Path(f"{transcripts}.summary.json")
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    rows = score_items(manifest_rows, records, task=str(asr.get("task", "transcribe")))
    metrics = {"asr": asr_metrics(rows, summary, seed)}
    hashes = check(manifest_rows, reference_hashes)
    if hashes is not None:
        metrics["asr"]["clip_hashes"] = hashes
    write_json(metrics_dir / "asr.json", metrics)
    write_jsonl(metrics_dir / "asr_items.jsonl", rows)
    sources = {row["speaker"]: row["source"] for row in manifest_rows}
    title = f"WER by voice: {asr.name}"
    wer_by_voice_png(metrics["asr"], sources, title, metrics_dir / "plots" / "asr_wer_by_voice.png")
    return metrics
