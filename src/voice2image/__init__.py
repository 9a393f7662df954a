"""voice2image: spoken picture descriptions to structured prompts to images, measured."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__version__ = "0.1.0"


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
