"""The real conf/ composes for every choice of every group, and each backend instantiates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hydra.errors import MissingConfigException

from voice2image.asr import ASREngine
from voice2image.config import CONF_DIR
from voice2image.transcribe import build_engine

ASR_CHOICES = sorted(p.stem for p in (CONF_DIR / "asr").glob("*.yaml"))
HARDWARE_CHOICES = sorted(p.stem for p in (CONF_DIR / "hardware").glob("*.yaml"))
DATASET_CHOICES = sorted(p.stem for p in (CONF_DIR / "dataset").glob("*.yaml"))


@pytest.mark.parametrize("asr", ASR_CHOICES)
def test_every_asr_choice_builds_an_engine_without_loading(compose_cfg, asr):
    overrides = [f"asr={asr}"]
    if asr == "vosk":
        overrides.append("asr.model=/some/vosk-model-en")  # `???` must be given by the user
    cfg = compose_cfg(*overrides)
    engine = build_engine(cfg)
    assert isinstance(engine, ASREngine)
    assert engine.name == cfg.asr.name


def test_vosk_without_a_model_is_a_clear_error(compose_cfg):
    cfg = compose_cfg("asr=vosk")
    with pytest.raises(ValueError, match="cannot build ASR engine 'voice2image.asr.VoskASR'"):
        build_engine(cfg)


@pytest.mark.parametrize("hardware", HARDWARE_CHOICES)
@pytest.mark.parametrize("dataset", DATASET_CHOICES)
def test_every_hardware_and_dataset_choice_composes(compose_cfg, hardware, dataset):
    cfg = compose_cfg(f"hardware={hardware}", f"dataset={dataset}")
    assert cfg.hardware.device in ("cpu", "cuda")
    assert cfg.dataset.voices.en, "every dataset speaks English descriptions"


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
