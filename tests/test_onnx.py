"""ONNX export and the ONNX Runtime profile, on the tiny random pipelines: every component
matches PyTorch within the stated tolerance, and `hardware=onnx_cpu` makes the same images."""

from __future__ import annotations

import numpy as np
import pytest
from omegaconf import open_dict

from voice2image.generate import (
    GenerationRequest,
    RandomGenerator,
    architectures,
    onnx_export,
    onnx_runtime,
)
from voice2image.hardware import HardwareProfile
from voice2image.pipeline import generate

# max |ort - torch| / max |torch| per output: float32 graphs, reordered sums only
TOLERANCE = 1e-4


@pytest.fixture(autouse=True)
def model_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("VOICE2IMAGE_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def session(path):
    return onnx_runtime.session(path, HardwareProfile(threads=1))


def test_tiny_sd_export_matches_pytorch_per_component(tmp_path):
    pipe = architectures.sd_pipeline(0, "tiny")
    tiny_vae = architectures.tiny_autoencoder(5, tiny=True)
    manifest = onnx_export.export_pipeline(
        pipe, tmp_path / "onnx", {"model": "tiny"}, 32, 32, tiny_vae=tiny_vae
    )
    names = [c["name"] for c in manifest["components"]]
    assert names == ["text_encoder", "unet", "vae_decoder", "tiny_vae_decoder"]
    parts = onnx_export.components(pipe, 32, 32, tiny_vae=tiny_vae)
    rows = onnx_export.check_export(parts, tmp_path / "onnx", session, TOLERANCE)
    assert {r.component for r in rows} == set(names)
    for row in rows:
        assert row.ok and row.max_rel <= TOLERANCE, row
        assert row.max_abs > 0 or row.max_rel == 0  # computed, not skipped


def test_onnx_profile_makes_the_pytorch_images(compose_cfg):
    requests = [
        GenerationRequest("a", "a red cat", seed=1, negative_prompt="blurry"),
        GenerationRequest("b", "a lighthouse", seed=2),
    ]
    images = {}
    for profile in ("cpu", "onnx_cpu"):
        cfg = compose_cfg("diffusion=tiny", f"hardware={profile}")
        with open_dict(cfg):
            cfg.diffusion.width = cfg.diffusion.height = 32
            cfg.diffusion.batch_size = 2
        generator = generate.build_generator(cfg.diffusion, cfg.hardware)
        generator.load()
        images[profile] = [np.asarray(r.image, dtype=int) for r in generator.generate(requests)]
        if profile == "onnx_cpu":
            applied = generator.describe()["applied"]
            assert "onnx=text_encoder+unet+vae_decoder" in applied
    for torch_image, ort_image in zip(images["cpu"], images["onnx_cpu"], strict=True):
        assert np.abs(torch_image - ort_image).max() <= 1  # 8-bit rounding at most


def test_onnx_dir_of_another_model_is_refused(tmp_path):
    pipe = architectures.sd_pipeline(0, "tiny")
    onnx_export.export_pipeline(pipe, tmp_path / "onnx", {"model": "other"}, 32, 32)
    hardware = HardwareProfile(runtime="onnxruntime", onnx_dir=str(tmp_path / "onnx"))
    with pytest.raises(ValueError, match="export-onnx"):
        onnx_runtime.install(pipe, hardware, {"model": "tiny"}, 32, 32)


def test_onnxruntime_refuses_torch_only_options():
    with pytest.raises(ValueError, match="compile"):
        HardwareProfile(runtime="onnxruntime", compile=True)
    with pytest.raises(ValueError, match="bfloat16"):
        HardwareProfile(runtime="onnxruntime", dtype="bfloat16")
    with pytest.raises(ValueError, match="hardware.runtime"):
        HardwareProfile(runtime="tensorrt")


def test_flux_tiny_on_onnx_runtime_makes_the_pytorch_image():
    request = [GenerationRequest("a", "a red fox", seed=3, prompt_2="A red fox in the snow.")]
    pixels = []
    for hardware in (HardwareProfile(), HardwareProfile(name="onnx", runtime="onnxruntime")):
        generator = RandomGenerator(
            "flux_tiny", architecture="flux_tiny", steps=2, width=32, height=32,
            max_sequence_length=32, hardware=hardware,
        )  # fmt: skip
        generator.load()
        pixels.append(np.asarray(generator.generate(request)[0].image, dtype=int))
    assert "transformer" in generator.describe()["applied"]
    assert np.abs(pixels[0] - pixels[1]).max() <= 1


@pytest.mark.slow
def test_sd_turbo_architecture_export_matches_pytorch(tmp_path):
    """The architecture-true SD-Turbo (random weights): about 5 GB of float32 weights, minutes
    of export; the figures go to benchmarks/README.md (`voice2image export-onnx ...`)."""
    pipe = architectures.sd_pipeline(0, "sd_turbo")
    onnx_export.export_pipeline(pipe, tmp_path / "onnx", {"model": "sd_turbo"}, 512, 512)
    rows = onnx_export.check_export(
        onnx_export.components(pipe, 512, 512), tmp_path / "onnx", session, 1e-3
    )
    assert all(row.ok for row in rows), [r for r in rows if not r.ok]
