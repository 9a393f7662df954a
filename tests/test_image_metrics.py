"""CLIPScore and the image metrics of a generate run: definitional properties with a tiny
random CLIP (random weights make "matching text scores higher" meaningless)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image

from voice2image.evaluation import image as image_eval
from voice2image.models import ModelNotAvailable


@pytest.fixture(autouse=True)
def offline_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("VOICE2IMAGE_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from voice2image.generate import hub

    hub.hub_reachable.cache_clear()


def noise_images(count: int, size: int = 32, seed: int = 0) -> list[Image.Image]:
    rng = np.random.default_rng(seed)
    return [
        Image.fromarray(rng.integers(0, 256, (size, size, 3), dtype=np.uint8)) for _ in range(count)
    ]


TEXTS = ["a red cat on a sofa", "a lighthouse at dusk", "two apples", "x " * 200]


def test_clip_score_is_100_times_the_clamped_cosine():
    model, processor = image_eval.load_clip(image_eval.TINY_CLIP)
    images = noise_images(len(TEXTS))
    scores = image_eval.clip_scores(images, TEXTS, model, processor, batch_size=3)
    assert len(scores) == len(TEXTS)
    assert all(0.0 <= s <= 100.0 for s in scores)
    with torch.no_grad():
        for image, text, score in zip(images, TEXTS, scores, strict=True):
            inputs = processor(
                text=[text], images=[image], return_tensors="pt", truncation=True, max_length=77
            )
            e_img = image_eval._features(
                model.get_image_features(pixel_values=inputs["pixel_values"])
            )
            e_txt = image_eval._features(model.get_text_features(input_ids=inputs["input_ids"]))
            cosine = float(torch.nn.functional.cosine_similarity(e_img, e_txt).item())
            assert score == pytest.approx(100 * max(cosine, 0.0), abs=1e-3)


def test_clip_score_is_per_pair_and_independent_of_batching():
    model, processor = image_eval.load_clip(image_eval.TINY_CLIP)
    images = noise_images(3, seed=3)
    texts = TEXTS[:3]
    together = image_eval.clip_scores(images, texts, model, processor, batch_size=3)
    alone = [
        image_eval.clip_scores([i], [t], model, processor)[0]
        for i, t in zip(images, texts, strict=True)
    ]
    assert together == pytest.approx(alone, abs=1e-3)


def test_clip_from_an_unreachable_hub_is_a_clear_error():
    with pytest.raises(ModelNotAvailable) as error:
        image_eval.load_clip("openai/clip-vit-large-patch14")
    assert "openai/clip-vit-large-patch14" in str(error.value)
    assert "diffusion.clip_model=DIR" in str(error.value)


def test_image_metrics_of_a_run_folder(tmp_path):
    out = tmp_path / "run"
    (out / "images").mkdir(parents=True)
    records = []
    for number, picture in enumerate(noise_images(2, size=48)):
        picture.save(out / "images" / f"i{number}.png")
        records.append(
            {
                "id": f"i{number}",
                "status": "ok",
                "path": f"images/i{number}.png",
                "prompt": TEXTS[number],
                "seed": number,
                "text_s": 0.1,
                "denoise_s": 1.0 + number,
                "decode_s": 0.5,
                "latency_s": 1.6 + number,
            }
        )
    records.append({"id": "bad", "status": "failed", "error": "boom", "seed": 9})
    (out / "images.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (out / "summary.json").write_text(
        json.dumps({"load_s": 3.0, "images_per_s": 0.5, "peak_rss_mb": 900.0, "peak_vram_mb": None})
    )

    result = image_eval.evaluate_images(out, image_eval.TINY_CLIP)
    gen, latency = result.metrics["gen"], result.metrics["latency"]
    assert (gen["images"], gen["failed"], gen["clip_model"]) == (2, 1, "tiny-random")
    item_scores = [row["clip_score"] for row in result.items if row["status"] == "ok"]
    assert gen["clip_score"] == pytest.approx(np.mean(item_scores), abs=1e-3)
    assert 0.0 <= gen["clip_score"] <= 100.0
    assert latency["denoise_s"] == pytest.approx(1.5)
    assert latency["generate_s"] == pytest.approx(2.1)
    assert (latency["generate_load_s"], gen["images_per_s"]) == (3.0, 0.5)
    assert gen["peak_rss_mb"] == 900.0
    assert result.items[-1] == {
        "id": "bad",
        "status": "failed",
        "error": "boom",
        "seed": 9,
        "clip_score": None,
    }
    assert image_eval.image_metrics(out, image_eval.TINY_CLIP) == result.metrics
    # Both images speak one description: one resampling group, the interval a single point.
    grouped = image_eval.evaluate_images(
        out, image_eval.TINY_CLIP, descriptions={"i0": "d1", "i1": "d1"}, seed=5
    )
    assert grouped.metrics["gen"]["groups"] == 1 and result.metrics["gen"]["groups"] == 2
    assert grouped.items[0]["description_id"] == "d1"
    bounds = grouped.metrics["gen"]["clip_score_ci"]
    assert bounds["low"] == bounds["high"] == pytest.approx(gen["clip_score"], abs=1e-3)
    spread = result.metrics["gen"]["clip_score_ci"]
    assert spread["low"] <= gen["clip_score"] <= spread["high"]
