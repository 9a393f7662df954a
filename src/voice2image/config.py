"""Config plumbing shared by stages: loading params.yaml, fingerprints, instantiation."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from hydra.utils import instantiate
from omegaconf import DictConfig, OmegaConf

CONF_DIR = Path(__file__).resolve().parents[2] / "conf"


def load_params(path: str | Path = "params.yaml") -> DictConfig:
    """The config DVC composed from `conf/` into params.yaml."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: params file not found (run from the repository root)")
    cfg = OmegaConf.load(path)
    assert isinstance(cfg, DictConfig)
    return cfg


def to_plain(cfg: Any) -> Any:
    return OmegaConf.to_container(cfg, resolve=True) if isinstance(cfg, DictConfig) else cfg


def fingerprint(*parts: Any) -> str:
    """A short stable hash of config sections, to tell results of one config from another's."""
    blob = json.dumps([to_plain(p) for p in parts], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def build(section: DictConfig, what: str, **kwargs: Any) -> Any:
    """Instantiate a `_target_` section; a bad target or option is named, not a deep trace."""
    try:
        return instantiate(section, **kwargs)
    except Exception as exc:
        target = section.get("_target_", "<no _target_>")
        cause = exc.__cause__ or exc
        raise ValueError(f"cannot build {what} '{target}': {cause}") from None


def flatten(tree: Any, prefix: str = "") -> dict[str, Any]:
    """{'asr': {'model': 'base'}} -> {'asr.model': 'base'}; lists become JSON strings."""
    flat: dict[str, Any] = {}
    if isinstance(tree, dict):
        for key, value in tree.items():
            flat.update(flatten(value, f"{prefix}{key}."))
    else:
        flat[prefix.rstrip(".")] = json.dumps(tree) if isinstance(tree, list) else tree
    return flat
