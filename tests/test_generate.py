"""Image generation: every diffusion choice builds; the stage writes deterministic, resumable,
labelled PNGs with the tiny random pipeline; real backends fail clearly without a hub."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from omegaconf import DictConfig, open_dict
from PIL import Image

from voice2image.config import CONF_DIR
from voice2image.generate import (
    DiffusersGenerator,
    GenerationRequest,
    ImageGenerator,
    RandomGenerator,
    architectures,
    optimize,
)
from voice2image.generate.base import GenerationResult, StageTimes
from voice2image.generate.png import read_png_text
from voice2image.hardware import HardwareProfile
from voice2image.models import ModelNotAvailable
from voice2image.pipeline import generate
from voice2image.records import PromptRecord

DIFFUSION_CHOICES = sorted(p.stem for p in (CONF_DIR / "diffusion").glob("*.yaml"))
HARDWARE_CHOICES = sorted(p.stem for p in (CONF_DIR / "hardware").glob("*.yaml"))
# conf/config.yaml gains `diffusion: tiny` in its defaults; until then the group is appended.
_IN_DEFAULTS = "- diffusion:" in (CONF_DIR / "config.yaml").read_text()


def diffusion(choice: str) -> str:
    return f"diffusion={choice}" if _IN_DEFAULTS else f"+diffusion={choice}"


def build_generator(cfg):
    return generate.build_generator(cfg.diffusion, cfg.hardware)


def run_stage(cfg, prompts, out, reference_root=None):
    return generate.run(cfg.diffusion, cfg.hardware, cfg.seed, prompts, out, reference_root)


def config_hash(cfg):
    return generate.config_hash(cfg.diffusion, cfg.hardware, cfg.seed)


@pytest.fixture(autouse=True)
def offline_cache(tmp_path_factory, monkeypatch):
    """Model caches in a per-session folder; the hub unreachable, as on the project machines."""
    monkeypatch.setenv("VOICE2IMAGE_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from voice2image.generate import hub

    hub.hub_reachable.cache_clear()


def write_prompts(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


PROMPTS = [
    {"id": "p1", "status": "ok", "prompt": "a red cat on a sofa", "negative_prompt": "blurry"},
    {"id": "p2", "status": "ok", "prompt": "a lighthouse at dusk", "seed": 42},
    {"id": "p3", "status": "ok", "prompt": "two apples on a table"},
    {"id": "p4", "status": "failed", "error": "no speech"},
]


@pytest.fixture
def tiny_cfg(compose_cfg) -> DictConfig:
    cfg = compose_cfg(diffusion("tiny"))
    with open_dict(cfg):
        cfg.diffusion.width = cfg.diffusion.height = 32
        cfg.diffusion.batch_size = 2
    return cfg


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


# --- config -----------------------------------------------------------------------------------


@pytest.mark.parametrize("choice", DIFFUSION_CHOICES)
@pytest.mark.parametrize("hardware", HARDWARE_CHOICES)
def test_every_diffusion_and_hardware_choice_builds_without_loading(compose_cfg, choice, hardware):
    cfg = compose_cfg(diffusion(choice), f"hardware={hardware}")
    generator = build_generator(cfg)
    assert isinstance(generator, ImageGenerator)
    assert generator.name == cfg.diffusion.name == choice
    assert generator.describe()["hardware"] == hardware
    assert cfg.diffusion.clip_model


@pytest.mark.parametrize(
    ("choice", "steps", "guidance"),
    [("sd_turbo", 1, 0.0), ("sdxl_turbo", 1, 0.0), ("lcm", 4, 1.0), ("sd15", 25, 7.5)],
)
def test_real_backends_name_their_models_and_settings(compose_cfg, choice, steps, guidance):
    cfg = compose_cfg(diffusion(choice))
    assert "/" in cfg.diffusion.model, "a hub id (or a local directory given by the user)"
    assert (cfg.diffusion.steps, cfg.diffusion.guidance_scale) == (steps, guidance)
    assert cfg.diffusion.tiny_vae_model.startswith("madebyollin/taesd")


def test_bad_options_are_named(compose_cfg):
    cfg = compose_cfg(diffusion("sd_turbo"))
    with open_dict(cfg):
        cfg.diffusion.img2img_steps = 1  # 1 * 0.5 < 1 denoising step
    with pytest.raises(ValueError, match="img2img_steps"):
        build_generator(cfg)
    with pytest.raises(ValueError, match="cpu_offload"):
        HardwareProfile(cpu_offload="always")
    with pytest.raises(ValueError, match="float16 is not supported on CPU"):
        optimize.resolve_dtype(HardwareProfile(dtype="float16"))


def test_auto_dtype_uses_bfloat16_only_with_native_support():
    expected = torch.bfloat16 if optimize.cpu_has_native_bf16() else torch.float32
    assert optimize.resolve_dtype(HardwareProfile(dtype="auto")) == expected
    assert optimize.resolve_dtype(HardwareProfile(device="cuda", dtype="auto")) == torch.float16


# --- offline failures -------------------------------------------------------------------------


def test_sd_turbo_without_a_hub_fails_naming_the_model_and_the_fix(compose_cfg):
    generator = build_generator(compose_cfg(diffusion("sd_turbo")))
    with pytest.raises(ModelNotAvailable) as error:
        generator.load()
    message = str(error.value)
    assert "stabilityai/sd-turbo" in message
    assert "diffusion.model=DIR" in message
    assert "hf download stabilityai/sd-turbo" in message


def test_stage_fails_before_writing_anything_without_the_model(compose_cfg, tmp_path):
    cfg = compose_cfg(diffusion("sdxl_turbo"))
    prompts = write_prompts(tmp_path / "prompts.jsonl", PROMPTS)
    with pytest.raises(ModelNotAvailable, match="stabilityai/sdxl-turbo"):
        run_stage(cfg, prompts, tmp_path / "out")
    assert not (tmp_path / "out" / "images").exists()


# --- the tiny pipeline --------------------------------------------------------------------------


def test_tiny_generator_makes_images_of_the_configured_size():
    generator = RandomGenerator("tiny", width=32, height=48, steps=2, guidance_scale=3.0)
    generator.load()
    requests = [GenerationRequest("a", "a cat", seed=1), GenerationRequest("b", "a dog", seed=2)]
    results = generator.generate(requests)
    assert [r.id for r in results] == ["a", "b"]
    assert [r.image.size for r in results] == [(32, 48), (32, 48)]
    assert all(isinstance(r.times, StageTimes) and r.times.denoise_s > 0 for r in results)
    assert all(r.times.text_s > 0 and r.times.decode_s > 0 for r in results)
    first, second = (np.asarray(r.image) for r in results)
    assert not np.array_equal(first, second), "different seeds give different noise"


def test_same_seed_same_image_regardless_of_batch_position():
    generator = RandomGenerator("tiny", width=32, height=32, batch_size=1)
    generator.load()
    alone = generator.generate([GenerationRequest("a", "a cat", seed=5)])[0]
    again = generator.generate([GenerationRequest("a", "a cat", seed=5)])[0]
    assert np.array_equal(np.asarray(alone.image), np.asarray(again.image))


def test_local_directory_loads_through_the_real_diffusers_path(tmp_path):
    """The code path of every real backend (from_pretrained on a directory), on tiny weights."""
    architectures.sd_pipeline(0, "tiny").save_pretrained(tmp_path / "tiny-sd")
    real = DiffusersGenerator("local", str(tmp_path / "tiny-sd"), 2, 0.0, 32, 32)
    random = RandomGenerator("tiny", weights_seed=0, steps=2, width=32, height=32)
    real.load()
    random.load()
    request = [GenerationRequest("a", "a cat", seed=3)]
    np.testing.assert_array_equal(
        np.asarray(real.generate(request)[0].image), np.asarray(random.generate(request)[0].image)
    )


def test_a_local_directory_that_is_not_a_pipeline_is_a_clear_error(tmp_path):
    generator = DiffusersGenerator("local", str(tmp_path), 1, 0.0, img2img_steps=2)
    with pytest.raises(ModelNotAvailable, match=f"from the directory '{tmp_path}'"):
        generator.load()


def test_cpu_fast_profile_swaps_in_taesd_and_nhwc(compose_cfg):
    cfg = compose_cfg(diffusion("tiny"), "hardware=cpu_fast")
    with open_dict(cfg):
        cfg.diffusion.width = cfg.diffusion.height = 32
    generator = build_generator(cfg)
    generator.load()
    pipe = generator._pipes["text2img"]  # type: ignore[attr-defined]
    assert type(pipe.vae).__name__ == "AutoencoderTiny"
    assert "tiny_vae" in generator.describe()["applied"]
    assert "channels_last" in generator.describe()["applied"]
    image = generator.generate([GenerationRequest("a", "a cat", seed=1)])[0].image
    assert image.size == (32, 32)


# --- the stage ----------------------------------------------------------------------------------


def test_stage_writes_labelled_pngs_records_and_contact_sheet(tiny_cfg, tmp_path):
    prompts = write_prompts(tmp_path / "prompts.jsonl", PROMPTS)
    summary = run_stage(tiny_cfg, prompts, tmp_path / "out")
    out = tmp_path / "out"
    assert (summary.items, summary.ok, summary.failed, summary.generated) == (4, 3, 1, 3)
    assert summary.load_s > 0 and summary.images_per_s > 0 and summary.peak_rss_mb > 0
    records = [json.loads(line) for line in (out / "images.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == ["p1", "p2", "p3", "p4"]
    assert records[3] == {
        "id": "p4",
        "status": "failed",
        "error": "upstream: no speech",
        "seed": generate.prompt_seed(0, PromptRecord(**PROMPTS[3])),
    }
    assert records[1]["seed"] == 42, "a record's own seed wins"
    assert records[0]["seed"] == generate.prompt_seed(0, PromptRecord(**PROMPTS[0]))
    for key in ("text_s", "denoise_s", "decode_s", "latency_s"):
        assert records[0][key] > 0
    meta = read_png_text(out / "images" / "p1.png")
    assert meta["prompt"] == "a red cat on a sofa"
    assert meta["negative_prompt"] == "blurry"
    assert meta["seed"] == str(records[0]["seed"])
    assert meta["config_hash"] == summary.config_hash == config_hash(tiny_cfg)
    assert pixels(out / "images" / "p1.png").shape == (32, 32, 3)
    sheet = pixels(out / "contact_sheet.png")
    assert sheet.shape[1] == 2 * 256, "3 images: a 2x2 grid"
    assert json.loads((out / "summary.json").read_text())["generated"] == 3
    assert not (out / "images.jsonl.partial").exists()


def test_same_config_twice_gives_identical_pixels(tiny_cfg, tmp_path):
    prompts = write_prompts(tmp_path / "prompts.jsonl", PROMPTS[:2])
    run_stage(tiny_cfg, prompts, tmp_path / "a")
    run_stage(tiny_cfg, prompts, tmp_path / "b")
    for name in ("p1.png", "p2.png"):
        np.testing.assert_array_equal(
            pixels(tmp_path / "a" / "images" / name), pixels(tmp_path / "b" / "images" / name)
        )
    with open_dict(tiny_cfg):
        tiny_cfg.seed = 1
    run_stage(tiny_cfg, prompts, tmp_path / "c")
    assert not np.array_equal(
        pixels(tmp_path / "a" / "images" / "p1.png"), pixels(tmp_path / "c" / "images" / "p1.png")
    ), "another run seed gives another image"
    # p2 carries its own seed: the run seed does not change it
    np.testing.assert_array_equal(
        pixels(tmp_path / "a" / "images" / "p2.png"), pixels(tmp_path / "c" / "images" / "p2.png")
    )


def test_rerun_reuses_finished_images_and_redoes_changed_ones(tiny_cfg, tmp_path):
    prompts = write_prompts(tmp_path / "prompts.jsonl", PROMPTS)
    out = tmp_path / "out"
    first = run_stage(tiny_cfg, prompts, out)
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "images").glob("*.png")}
    again = run_stage(tiny_cfg, prompts, out)
    assert (again.resumed, again.generated) == (3, 0)
    # nothing was generated: the speed figures stay those of the run that made the images
    assert (again.load_s, again.images_per_s) == (first.load_s, first.images_per_s)
    assert first.images_per_s > 0
    assert stamps == {p.name: p.stat().st_mtime_ns for p in (out / "images").glob("*.png")}

    changed = [dict(PROMPTS[0], prompt="a green cat"), *PROMPTS[1:]]
    third = run_stage(tiny_cfg, write_prompts(prompts, changed), out)
    assert (third.resumed, third.generated) == (2, 1)
    assert read_png_text(out / "images" / "p1.png")["prompt"] == "a green cat"

    with open_dict(tiny_cfg):
        tiny_cfg.diffusion.steps = 3
    assert run_stage(tiny_cfg, prompts, out).generated == 3, "a new config redoes all"

    fewer = run_stage(tiny_cfg, write_prompts(prompts, changed[:2]), out)
    assert (fewer.items, fewer.resumed, fewer.generated) == (2, 2, 0)
    assert sorted(p.name for p in (out / "images").glob("*.png")) == ["p1.png", "p2.png"]


def test_reference_images_go_through_image_to_image(tiny_cfg, tmp_path):
    Image.fromarray(np.full((40, 40, 3), 200, dtype=np.uint8)).save(tmp_path / "ref.png")
    rows = [
        {"id": "r1", "status": "ok", "prompt": "like this", "reference_image": "ref.png"},
        {"id": "r2", "status": "ok", "prompt": "missing", "reference_image": "nope.png"},
        {"id": "t1", "status": "ok", "prompt": "plain text"},
    ]
    prompts = write_prompts(tmp_path / "prompts.jsonl", rows)
    summary = run_stage(tiny_cfg, prompts, tmp_path / "out", reference_root=tmp_path)
    records = {r["id"]: r for r in map(json.loads, (tmp_path / "out/images.jsonl").open())}
    assert records["r1"]["mode"] == "img2img" and records["t1"]["mode"] == "text2img"
    assert records["r2"]["status"] == "failed" and "nope.png" in records["r2"]["error"]
    assert pixels(tmp_path / "out" / "images" / "r1.png").shape == (32, 32, 3)
    assert (summary.ok, summary.failed) == (2, 1)


class _FlakyGenerator:
    """Fails any batch holding the item `bad`; otherwise returns flat grey images."""

    name = "flaky"

    def load(self) -> None:
        pass

    def describe(self) -> dict:
        return {"model": "flaky"}

    def generate(self, requests):
        if any(r.id == "bad" for r in requests):
            raise RuntimeError("boom")
        image = Image.new("RGB", (8, 8), "grey")
        return [GenerationResult(r.id, image, r.seed) for r in requests]


def test_one_failing_item_does_not_stop_the_run(tiny_cfg, tmp_path, monkeypatch):
    monkeypatch.setattr(generate, "build_generator", lambda diffusion, hardware: _FlakyGenerator())
    rows = [{"id": i, "status": "ok", "prompt": i} for i in ("a", "bad", "c")]
    summary = run_stage(tiny_cfg, write_prompts(tmp_path / "p.jsonl", rows), tmp_path / "o")
    records = [json.loads(line) for line in (tmp_path / "o/images.jsonl").read_text().splitlines()]
    assert [r["status"] for r in records] == ["ok", "failed", "ok"]
    assert "boom" in records[1]["error"]
    assert (summary.ok, summary.failed) == (2, 1)


# --- architecture-true shapes ---------------------------------------------------------------------


def _count_on_meta(build) -> int:
    from accelerate import init_empty_weights

    with init_empty_weights():
        return architectures.parameter_count(build())


@pytest.mark.parametrize(
    ("build", "count"),
    [
        # the published checkpoints' parameter counts
        (lambda: architectures.unet(architectures.SD21_UNET, 0), 865_910_724),
        (lambda: architectures.text_encoder(architectures.VIT_H_TEXT, 0), 340_387_840),
        (lambda: architectures.vae(architectures.SD_VAE, 0), 83_653_863),
        (lambda: architectures.unet(architectures.SDXL_UNET, 0), 2_567_463_684),
        (lambda: architectures.text_encoder(architectures.VIT_L_TEXT, 0), 123_060_480),
        (
            lambda: architectures.text_encoder(architectures.VIT_BIGG_TEXT, 0, projection=True),
            694_659_840,
        ),
        (lambda: architectures.tiny_autoencoder(0), 2_445_063),
    ],
)
def test_architecture_true_components_have_the_real_parameter_counts(build, count):
    assert _count_on_meta(build) == count


@pytest.mark.slow
def test_architecture_true_sd_turbo_makes_a_512_image_in_one_step():
    generator = RandomGenerator(
        "sd_turbo_random",
        architecture="sd_turbo",
        steps=1,
        img2img_steps=2,
        width=512,
        height=512,
        hardware=HardwareProfile(tiny_vae=True),
    )
    generator.load()
    result = generator.generate([GenerationRequest("a", "a cat", seed=0)])[0]
    assert result.image.size == (512, 512)
    assert result.times.denoise_s > result.times.decode_s


# --- Flux ---------------------------------------------------------------------------------------


def test_flux_tiny_makes_deterministic_images_of_the_configured_size(compose_cfg):
    cfg = compose_cfg(diffusion("flux_tiny"))
    with open_dict(cfg):
        cfg.diffusion.width, cfg.diffusion.height = 32, 48
        cfg.diffusion.steps = 2
    generator = generate.build_generator(cfg.diffusion, cfg.hardware)
    generator.load()
    request = GenerationRequest("a", "red fox", seed=7, prompt_2="A red fox in the snow.")
    first, again = generator.generate([request])[0], generator.generate([request])[0]
    other = generator.generate([GenerationRequest("a", "red fox", seed=7, prompt_2="A cat.")])[0]
    assert first.image.size == (32, 48)
    assert np.array_equal(np.asarray(first.image), np.asarray(again.image))
    assert not np.array_equal(np.asarray(first.image), np.asarray(other.image))  # T5 reads it
    args = generator._call_args("text2img", [request])
    assert args["prompt_2"] == ["A red fox in the snow."] and args["max_sequence_length"] == 256


def test_flux_schnell_without_a_hub_fails_naming_the_model(compose_cfg):
    cfg = compose_cfg(diffusion("flux_schnell"))
    assert (cfg.diffusion.steps, cfg.diffusion.guidance_scale) == (4, 0.0)
    generator = generate.build_generator(cfg.diffusion, cfg.hardware)
    with pytest.raises(ModelNotAvailable, match="black-forest-labs/FLUX.1-schnell"):
        generator.load()
