"""Shared entry-point plumbing: logging, and errors as one clear line instead of a traceback."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from voice2image.audio import AudioError
from voice2image.models import ModelNotAvailable
from voice2image.tts import VoiceUnavailable

# Errors whose message already says what went wrong and how to fix it.
USER_ERRORS = (ValueError, FileNotFoundError, ModelNotAvailable, VoiceUnavailable, AudioError)


def setup_logging() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    for noisy in ("faster_whisper", "httpx", "urllib3", "alembic", "numba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def main_guard(function: Callable[[], Any], stage: str) -> None:
    """Run a stage; a user error prints `stage: error: ...` and exits with status 2."""
    setup_logging()
    try:
        function()
    except USER_ERRORS as exc:
        print(f"{stage}: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
