"""Load a model from a local directory, the local hub cache, or the hub: failing fast and
clearly when none of them has it (huggingface_hub otherwise retries for about a minute)."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlparse

from voice2image.models import ModelNotAvailable, load_error

T = TypeVar("T")


@cache
def hub_reachable(timeout_s: float = 3.0) -> bool:
    """Whether the model hub answers a TCP connection (False when HF_HUB_OFFLINE is set)."""
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
        return False
    endpoint = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    try:
        with socket.create_connection((endpoint.hostname or "", port), timeout=timeout_s):
            return True
    except OSError:
        return False


def hint(model: str, key: str) -> str:
    return (
        f"Download it where a hub is reachable (`hf download {model} --local-dir DIR`) and set "
        f"{key}=DIR (a local directory), or run diffusion=tiny for an offline smoke run."
    )


def load(kind: str, model: str, key: str, loader: Callable[..., T]) -> T:
    """`loader(source, local_files_only=...)` from a directory, the hub cache, or the hub."""
    path = Path(model).expanduser()
    if path.exists():
        try:
            return loader(str(path.resolve()), local_files_only=True)
        except Exception as exc:
            why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelNotAvailable(
                f"cannot load {kind} model from the directory '{model}' ({key}): {why}"
            ) from None
    try:
        return loader(model, local_files_only=True)  # already in the hub cache
    except Exception as exc:
        cached_error: Exception = exc
    if not hub_reachable():
        raise load_error(kind, model, OSError("no model hub is reachable"), hint(model, key))
    try:
        return loader(model, local_files_only=False)
    except Exception as exc:
        reason: BaseException = exc if str(exc).strip() else cached_error
        raise load_error(kind, model, reason, hint(model, key)) from None
