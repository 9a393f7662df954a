"""Shared fixtures: composing the real conf/, and a small spoken manifest made once per run."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from omegaconf import DictConfig, OmegaConf, open_dict

from voice2image.audio import write_wav
from voice2image.config import CONF_DIR
from voice2image.corpora import goforward, librivox

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
# The published run records: the report makes the thesis tables from them, so a test that
# writes a record here (instead of into its own tracking.records folder) would publish it.
RUN_RECORDS = REPO / "results" / "runs"
_records_before: set[str] = set()


def _records() -> set[str]:
    return {p.name for p in RUN_RECORDS.glob("*.json")} if RUN_RECORDS.is_dir() else set()


def pytest_sessionstart(session: pytest.Session) -> None:
    _records_before.update(_records())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    leaked = sorted(_records() - _records_before)
    if leaked:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (
            f"tests wrote {len(leaked)} run record(s) into {RUN_RECORDS} ({', '.join(leaked)}): "
            "pass tracking.records=<tmp> to the run that made them"
        )
        if reporter is not None:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def load_script() -> Callable[[str], ModuleType]:
    """A script of scripts/ imported as a module, to test its functions."""

    def load(name: str) -> ModuleType:
        spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclasses look their module up by name
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture
def compose_cfg() -> Callable[..., DictConfig]:
    """Compose conf/config.yaml with overrides, as DVC and the Hydra app do."""

    def _compose(*overrides: str) -> DictConfig:
        GlobalHydra.instance().clear()
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
            cfg = compose(config_name="config", overrides=list(overrides))
        GlobalHydra.instance().clear()
        return cfg

    return _compose


def offline_cfg(cfg: DictConfig, tmp_path: Path) -> DictConfig:
    """Point tracking at a throwaway SQLite store."""
    with open_dict(cfg):
        cfg.tracking.uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    return cfg


@pytest.fixture(scope="session")
def real_manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real recorded speech from pocketsphinx-testdata, as a manifest: goforward and two
    LibriVox clips."""
    root = tmp_path_factory.mktemp("real")
    rows = []
    clips = [*goforward(), *list(librivox())[:2]]
    for clip in clips:
        write_wav(root / f"{clip.id}.wav", clip.samples)
        rows.append(
            {
                "id": clip.id,
                "audio": f"{clip.id}.wav",
                "language": "en",
                "speaker": clip.speaker,
                "source": "real",
                "reference": clip.reference,
                "duration_s": len(clip.samples) / 16000,
            }
        )
    manifest = root / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return manifest


def tone(seconds: float, rate: int = 16000, channels: int = 1) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    mono = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    return np.stack([mono] * channels, axis=1) if channels > 1 else mono


def as_plain(cfg: DictConfig) -> dict:
    return OmegaConf.to_container(cfg, resolve=True)  # type: ignore[return-value]
