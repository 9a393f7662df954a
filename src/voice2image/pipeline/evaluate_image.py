"""Stage `evaluate_image`: CLIPScore of every image against its prompt, the latency split and
memory -> `metrics/image.json`, `image_items.jsonl`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from voice2image.files import write_json, write_jsonl


def run(
    clip_model: str, device: str, images: str | Path, metrics_dir: str | Path
) -> dict[str, Any]:
    """`clip_model`: `diffusion.clip_model`; `device`: `hardware.device`; `images`: the
    generate stage's folder."""
    from voice2image.evaluation.image import evaluate_images

    metrics_dir = Path(metrics_dir)
    result = evaluate_images(images, clip_model, device=device)
    write_json(metrics_dir / "image.json", result.metrics)
    write_jsonl(metrics_dir / "image_items.jsonl", result.items)
    return result.metrics
