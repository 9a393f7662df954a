"""Write params.yaml from conf/ exactly as `dvc exp run -S ...` does, for plain `dvc repro`:

python -m voice2image.compose                 # the defaults (what is committed)
python -m voice2image.compose asr=faster_whisper_base hardware=cpu
"""

from __future__ import annotations

import sys
from pathlib import Path

from omegaconf import DictConfig

from voice2image.config import CONF_DIR


def compose_config(overrides: list[str], root: Path | None = None) -> DictConfig:
    """The config `compose_params` would write, in memory and resolved (for the services).
    With `root`, the relative `paths.*` become absolute under it first, so every value that
    interpolates them does too. A bad override raises ValueError naming it."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.errors import HydraException
    from omegaconf import OmegaConf, open_dict
    from omegaconf.errors import OmegaConfBaseException

    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base=None):
            cfg = compose(config_name="config", overrides=list(overrides))
        if root is not None:
            with open_dict(cfg):
                for key, value in cfg.paths.items():
                    if isinstance(value, str) and not Path(value).is_absolute():
                        cfg.paths[key] = str(root / value)
        OmegaConf.resolve(cfg)
    except (HydraException, OmegaConfBaseException) as exc:
        raise ValueError(f"cannot compose the config with {list(overrides)}: {exc}") from None
    finally:
        GlobalHydra.instance().clear()
    return cfg


def compose_params(overrides: list[str], output: str | Path = "params.yaml") -> None:
    from dvc.utils.hydra import compose_and_dump

    compose_and_dump(str(output), str(CONF_DIR), None, "config", str(CONF_DIR), overrides)


if __name__ == "__main__":
    compose_params(sys.argv[1:])
