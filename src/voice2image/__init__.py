"""voice2image: spoken picture descriptions to structured prompts to images, measured."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import Any

__version__ = "0.1.0"

# CTranslate2 (faster-whisper) multiplies with Intel MKL on Intel CPUs and with oneDNN on all
# others, and the two round differently, so transcripts differed by CPU vendor; with oneDNN on
# both every English one agreed (docs/evaluation.md, "Across two CPU types"), and on Intel it was
# faster too. CTranslate2 reads the variable when it is imported, so it is set here, before any
# module of this package can import it; a value the user set is kept.
os.environ.setdefault("CT2_USE_MKL", "0")


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`'s `__init__`: `exports` maps each public name to the
    module that defines it (a submodule's name, or a full `voice2image.` path), imported on
    first use, so importing the package (or one light submodule of it) does not import every
    backend and its libraries."""

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        module = exports[name]
        if not module.startswith("voice2image."):
            module = f"{package}.{module}"
        return getattr(importlib.import_module(module), name)

    return __getattr__
