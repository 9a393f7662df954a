"""Stage `evaluate_image`: CLIPScore of every image against its prompt, the latency split and
memory -> `metrics/image.json`, `image_items.jsonl`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from voice2image.files import read_models, write_json, write_jsonl
from voice2image.records import ManifestItem


def run(
    clip_model: str,
    device: str,
    seed: int,
    manifest: str | Path,
    images: str | Path,
    metrics_dir: str | Path,
) -> dict[str, Any]:
    """`clip_model`: `diffusion.clip_model`; `device`: `hardware.device`; `seed`: the
    interval's (the config's `seed`); `manifest`: which description each item speaks (the
    interval's groups); `images`: the generate stage's folder."""
    from voice2image.evaluation.image import evaluate_images

    metrics_dir = Path(metrics_dir)
    items = read_models(manifest, ManifestItem, "manifest")
    descriptions = {item.id: item.description_id for item in items}
    result = evaluate_images(images, clip_model, device=device, descriptions=descriptions,
                             seed=seed)  # fmt: skip
    write_json(metrics_dir / "image.json", result.metrics)
    write_jsonl(metrics_dir / "image_items.jsonl", result.items)
    return result.metrics
