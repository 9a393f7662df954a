"""Stage `evaluate_text`: slot scores against the gold descriptions, self-corrections, prompt
similarity and length -> `metrics/text.json`, `text_items.jsonl`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from voice2image.descriptions import all_files
from voice2image.evaluation.text import evaluate_text
from voice2image.files import read_jsonl, write_json, write_jsonl


def run(
    descriptions: Any,
    device: str,
    seed: int,
    manifest: str | Path,
    structured: str | Path,
    prompts: str | Path,
    metrics_dir: str | Path,
) -> dict[str, Any]:
    """`descriptions`: the data set's description files (`dataset.descriptions`: by split, or
    a plain list), the gold;
    `device`: `hardware.device`, where the sentence-similarity model runs; `seed`: the
    intervals' (the config's `seed`)."""
    metrics_dir = Path(metrics_dir)
    files = all_files(descriptions)
    manifest_rows = read_jsonl(manifest)
    text, rows = evaluate_text(
        manifest_rows, files, str(structured), str(prompts), device=device, seed=seed
    )
    metrics = {"text": text}
    write_json(metrics_dir / "text.json", metrics)
    write_jsonl(metrics_dir / "text_items.jsonl", rows)
    return metrics
