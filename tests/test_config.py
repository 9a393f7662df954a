"""The real conf/ composes for every choice of every group, and each backend instantiates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hydra.errors import MissingConfigException
from omegaconf import OmegaConf

from voice2image.asr import ASREngine
from voice2image.config import CONF_DIR
from voice2image.pipeline.transcribe import build_engine

ASR_CHOICES = sorted(p.stem for p in (CONF_DIR / "asr").glob("*.yaml"))
HARDWARE_CHOICES = sorted(p.stem for p in (CONF_DIR / "hardware").glob("*.yaml"))
DATASET_CHOICES = sorted(p.stem for p in (CONF_DIR / "dataset").glob("*.yaml"))


@pytest.mark.parametrize("asr", ASR_CHOICES)
def test_every_asr_choice_builds_an_engine_without_loading(compose_cfg, asr):
    overrides = [f"asr={asr}"]
    if asr == "vosk":
        overrides.append("asr.model=/some/vosk-model-en")  # `???` must be given by the user
    cfg = compose_cfg(*overrides)
    engine = build_engine(cfg.asr, cfg.hardware)
    assert isinstance(engine, ASREngine)
    assert engine.name == cfg.asr.name


def test_vosk_without_a_model_is_a_clear_error(compose_cfg):
    cfg = compose_cfg("asr=vosk")
    with pytest.raises(ValueError, match="cannot build ASR engine 'voice2image.asr.VoskASR'"):
        build_engine(cfg.asr, cfg.hardware)


@pytest.mark.parametrize("hardware", HARDWARE_CHOICES)
@pytest.mark.parametrize("dataset", DATASET_CHOICES)
def test_every_hardware_and_dataset_choice_composes(compose_cfg, hardware, dataset):
    cfg = compose_cfg(f"hardware={hardware}", f"dataset={dataset}")
    assert cfg.hardware.device in ("cpu", "cuda")
    if dataset == "folder":  # one's own recordings: no voices; the folder is the user's to name
        assert not cfg.dataset.voices and OmegaConf.is_missing(cfg.dataset, "path")
    else:
        assert cfg.dataset.voices.en, "every bundled dataset speaks English descriptions"


def test_unknown_choice_names_the_group_and_the_options(compose_cfg):
    with pytest.raises(MissingConfigException) as info:
        compose_cfg("asr=whisper_huge_9000")
    message = str(info.value)
    assert "whisper_huge_9000" in message and "faster_whisper_tiny_en" in message


def test_committed_params_yaml_is_the_default_composition(compose_cfg):
    """`dvc repro` reads params.yaml; it must be what conf/ composes to without overrides."""
    from omegaconf import OmegaConf

    committed = yaml.safe_load((Path(__file__).parents[1] / "params.yaml").read_text())
    assert committed == OmegaConf.to_container(compose_cfg(), resolve=True)


def test_profiles_inherit_their_base(compose_cfg):
    cuda = compose_cfg("hardware=cuda").hardware
    assert (cuda.device, cuda.dtype, cuda.threads) == ("cuda", "float16", 0)
    base = compose_cfg("asr=faster_whisper_base").asr
    assert base.model == "base" and base.beam_size == 5 and list(base.languages) == ["en", "ru"]


def devices(tree, where: str = "") -> dict[str, str]:
    """Every `device` key of a plain config, by its dotted path."""
    found: dict[str, str] = {}
    if isinstance(tree, dict):
        for key, value in tree.items():
            path = f"{where}.{key}" if where else str(key)
            if key == "device" and isinstance(value, str):
                found[path] = value
            else:
                found.update(devices(value, path))
    return found


MODEL_CHOICES = [
    ["structure=llm", "enrich=lm", "speaker=dvector"],
    ["structure=llm_tiny", "enrich=lm_tiny", "speaker=resemblyzer"],
    ["structure=embedding", "enrich=tags", "speaker=xvector_hub"],
]


@pytest.mark.parametrize("choices", MODEL_CHOICES, ids=lambda c: "-".join(c))
@pytest.mark.parametrize("hardware", ["cpu", "cuda"])
def test_every_models_device_follows_the_hardware_choice(compose_cfg, tmp_path, hardware, choices):
    """`hardware=cuda` puts every model on the GPU, in the Hydra app's config and in the
    params.yaml DVC writes for `dvc exp run -S` (dvc.utils.hydra, as `voice2image.compose`)."""
    from omegaconf import OmegaConf

    from voice2image.compose import compose_params

    composed = OmegaConf.to_container(compose_cfg(f"hardware={hardware}", *choices), resolve=True)
    compose_params([f"hardware={hardware}", *choices], tmp_path / "params.yaml")
    written = yaml.safe_load((tmp_path / "params.yaml").read_text())
    for config in (composed, written):
        found = devices(config)
        assert {"hardware.device", "speaker.embedder.device"} <= set(found)
        assert set(found.values()) == {hardware}, found
    models = {path.split(".")[0] for path in devices(written)}
    assert models >= {"hardware", "speaker", *(c.split("=")[0] for c in choices[:1])}
