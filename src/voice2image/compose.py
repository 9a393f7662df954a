"""Write params.yaml from conf/ exactly as `dvc exp run -S ...` does, for plain `dvc repro`:

python -m voice2image.compose                 # the defaults (what is committed)
python -m voice2image.compose asr=faster_whisper_base hardware=cpu
"""

from __future__ import annotations

import sys
from pathlib import Path

from voice2image.config import CONF_DIR


def compose_params(overrides: list[str], output: str | Path = "params.yaml") -> None:
    from dvc.utils.hydra import compose_and_dump

    compose_and_dump(str(output), str(CONF_DIR), None, "config", str(CONF_DIR), overrides)


if __name__ == "__main__":
    compose_params(sys.argv[1:])
