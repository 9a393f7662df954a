"""Config plumbing shared by stages: loading params.yaml, fingerprints, instantiation."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from omegaconf import DictConfig, OmegaConf

if TYPE_CHECKING:
    from voice2image.hardware import HardwareProfile

# The checkout's config groups. For entry points only (the Hydra app, `compose`, the sweep and
# speakers commands, the services, stages/report.py): the library takes its config and paths
# from its callers.
CONF_DIR = Path(__file__).resolve().parents[2] / "conf"

Interface = TypeVar("Interface")


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


def build(
    section: DictConfig,
    interface: type[Interface],
    what: str,
    hardware: DictConfig | HardwareProfile | None = None,
) -> Interface:
    """Instantiate a `_target_` section as `what` (for messages) and check that it implements
    `interface` (a runtime-checkable Protocol); a bad target or option is named, not a deep
    trace. `hardware`: the hardware section (or a profile already made from it, as a backend
    that builds other backends has), handed to the backend as a `HardwareProfile`."""
    from hydra.utils import instantiate

    from voice2image.hardware import HardwareProfile

    kwargs: dict[str, Any] = {}
    if hardware is not None:
        kwargs["hardware"] = (
            hardware
            if isinstance(hardware, HardwareProfile)
            else HardwareProfile.from_config(hardware)
        )
    target = section.get("_target_", "<no _target_>")
    try:
        built = instantiate(section, _convert_="object", **kwargs)
    except Exception as exc:
        cause = exc.__cause__ or exc
        raise ValueError(f"cannot build {what} '{target}': {cause}") from None
    if not isinstance(built, interface):
        raise ValueError(f"{target} does not implement the {interface.__name__} interface")
    return built


def flatten(tree: Any, prefix: str = "") -> dict[str, Any]:
    """{'asr': {'model': 'base'}} -> {'asr.model': 'base'}; lists become JSON strings."""
    flat: dict[str, Any] = {}
    if isinstance(tree, dict):
        for key, value in tree.items():
            flat.update(flatten(value, f"{prefix}{key}."))
    else:
        flat[prefix.rstrip(".")] = json.dumps(tree) if isinstance(tree, list) else tree
    return flat
