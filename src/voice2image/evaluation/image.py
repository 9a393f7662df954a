"""Image metrics: CLIPScore of each image against its prompt, latency split, memory.

CLIPScore (Hessel et al., 2021, as torchmetrics computes it):
    CLIPScore(I, C) = 100 * max(cos(E_I, E_C), 0)
with E_I and E_C CLIP's projected image and text embeddings; the run's score is the mean over
its images, with its 95% interval (`clip_score_ci`, resampling descriptions:
`evaluation.figures`). Prompts longer than CLIP's 77 tokens are truncated. The backbone is
`diffusion.clip_model` (default openai/clip-vit-large-patch14, torchmetrics' default), a hub id
or a local directory; `tiny-random` is a small random CLIP built in code (offline tests: its
scores carry no meaning).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from voice2image.evaluation.figures import CLIP_SCORE, ci, groups
from voice2image.files import read_jsonl
from voice2image.generate import hub
from voice2image.paths import cache_dir

TINY_CLIP = "tiny-random"


@dataclass
class ImageEvaluation:
    metrics: dict[str, Any]
    items: list[dict[str, Any]]


def tiny_clip_dir(seed: int = 0) -> Path:
    """A small random CLIPModel + CLIPProcessor saved once under the model cache."""
    from transformers import CLIPConfig, CLIPImageProcessor, CLIPModel, CLIPProcessor

    from voice2image.generate.architectures import byte_tokenizer

    target = cache_dir() / "models" / f"tiny-random-clip-{seed}"
    if (target / "config.json").exists():
        return target
    text = {"vocab_size": 514, "hidden_size": 32, "intermediate_size": 37}
    text |= {"num_hidden_layers": 2, "num_attention_heads": 4, "max_position_embeddings": 77}
    text |= {"bos_token_id": 512, "eos_token_id": 513, "pad_token_id": 513}
    vision = {"hidden_size": 32, "intermediate_size": 37, "num_hidden_layers": 2}
    vision |= {"num_attention_heads": 4, "image_size": 32, "patch_size": 8}
    config = CLIPConfig(text_config=text, vision_config=vision, projection_dim=16)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = CLIPModel(config).eval()
    image_processor = CLIPImageProcessor(size={"shortest_edge": 32}, crop_size=32)
    processor = CLIPProcessor(image_processor=image_processor, tokenizer=byte_tokenizer())
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        model.save_pretrained(staging)
        processor.save_pretrained(staging)
        with contextlib.suppress(OSError):  # another process finished first: same content
            os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def load_clip(name: str, device: str = "cpu") -> tuple[Any, Any]:
    """CLIPModel and CLIPProcessor from `tiny-random`, a directory, the hub cache or the hub."""
    from transformers import CLIPModel, CLIPProcessor

    def loader(source: str, local_files_only: bool) -> tuple[Any, Any]:
        model = CLIPModel.from_pretrained(source, local_files_only=local_files_only)
        processor = CLIPProcessor.from_pretrained(source, local_files_only=local_files_only)
        return model.eval().to(device), processor

    source = str(tiny_clip_dir()) if name == TINY_CLIP else name
    return hub.load("CLIP", source, "diffusion.clip_model", loader)


@torch.no_grad()
def clip_scores(
    images: list[Any], texts: list[str], model: Any, processor: Any, batch_size: int = 16
) -> list[float]:
    """100 * max(cos(image embedding, text embedding), 0) for each (image, text) pair."""
    if len(images) != len(texts):
        raise ValueError(f"{len(images)} images but {len(texts)} texts")
    device = next(model.parameters()).device
    max_length = int(model.config.text_config.max_position_embeddings)
    scores: list[float] = []
    for start in range(0, len(images), batch_size):
        inputs = processor(
            text=texts[start : start + batch_size],
            images=images[start : start + batch_size],
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=max_length,
        ).to(device)
        image_embeds = model.get_image_features(pixel_values=inputs["pixel_values"])
        text_embeds = model.get_text_features(
            input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]
        )
        image_embeds = _features(image_embeds)
        text_embeds = _features(text_embeds)
        cosine = torch.nn.functional.cosine_similarity(image_embeds, text_embeds, dim=-1)
        scores.extend((100 * cosine.clamp(min=0)).tolist())
    return scores


def _features(output: Any) -> torch.Tensor:
    """transformers 5 returns a model output from get_*_features; 4.x a tensor."""
    if isinstance(output, torch.Tensor):
        return output
    return output.pooler_output


def score_items(
    out_dir: str | Path, clip_model: str, device: str = "cpu", batch_size: int = 16
) -> list[dict[str, Any]]:
    """Per-image rows: id, status, CLIPScore (None for failed items) and latency split."""
    from PIL import Image

    out_dir = Path(out_dir)
    records = read_jsonl(out_dir / "images.jsonl")
    ok = [r for r in records if r.get("status") == "ok"]
    scores: dict[str, float] = {}
    if ok:
        model, processor = load_clip(clip_model, device)
        images = []
        for record in ok:
            with Image.open(out_dir / record["path"]) as image:
                images.append(image.convert("RGB"))
        values = clip_scores(images, [r["prompt"] for r in ok], model, processor, batch_size)
        scores = {r["id"]: round(v, 4) for r, v in zip(ok, values, strict=True)}
    keys = ("id", "status", "error", "seed", "mode", "text_s", "denoise_s", "decode_s")
    return [
        {k: r[k] for k in (*keys, "latency_s") if k in r} | {"clip_score": scores.get(r["id"])}
        for r in records
    ]


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 4) if values else None


def evaluate_images(
    out_dir: str | Path,
    clip_model: str,
    device: str = "cpu",
    batch_size: int = 16,
    descriptions: dict[str, str | None] | None = None,
    seed: int = 0,
) -> ImageEvaluation:
    """Scores the generate stage's output folder; reads its `images.jsonl` and `summary.json`.
    `descriptions`: each item's description id (the manifest's), the interval's groups;
    `seed` seeds the interval."""
    out_dir = Path(out_dir)
    rows = score_items(out_dir, clip_model, device, batch_size)
    for row in rows:
        if (descriptions or {}).get(row["id"]):
            row["description_id"] = (descriptions or {})[row["id"]]
    summary_path = out_dir / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    ok = [r for r in rows if r["status"] == "ok"]
    scores = [float(r["clip_score"]) for r in ok]
    gen = {
        "clip_score": _mean(scores),
        "clip_score_ci": ci(CLIP_SCORE, ok, seed),
        "clip_score_std": round(statistics.pstdev(scores), 4) if scores else None,
        "groups": groups(ok) if ok else None,
        "images": len(ok),
        "failed": len(rows) - len(ok),
        "clip_model": clip_model,
        "images_per_s": summary.get("images_per_s"),
        "peak_rss_mb": summary.get("peak_rss_mb"),
        "peak_vram_mb": summary.get("peak_vram_mb"),
    }
    latency: dict[str, Any] = {
        key: _mean([float(r[key]) for r in ok if key in r])
        for key in ("text_s", "denoise_s", "decode_s")
    }
    latency["generate_s"] = _mean([float(r["latency_s"]) for r in ok if "latency_s" in r])
    latency["generate_load_s"] = summary.get("load_s")
    return ImageEvaluation({"gen": gen, "latency": latency}, rows)


def image_metrics(
    out_dir: str | Path, clip_model: str, device: str = "cpu", batch_size: int = 16
) -> dict[str, Any]:
    """{'gen': {clip_score, images, images_per_s, peak_rss_mb, ...}, 'latency': {text_s,
    denoise_s, decode_s, generate_s, generate_load_s}}: in MLflow gen/clip_score,
    latency/generate_s and so on. Latencies are per-image means in seconds."""
    return evaluate_images(out_dir, clip_model, device, batch_size).metrics
