"""Shared entry-point plumbing: logging, and errors as one clear line instead of a traceback."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
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


# `voice2image <command>`: each command lives in its own module, imported only when chosen, so
# `voice2image speakers list` does not pay for torch and diffusers. A module provides
# `add_arguments(parser)` and `main(args) -> int | None`.
COMMANDS = {
    "describe": (
        "voice2image.describe.cli",
        "recordings to transcript, description, prompt and image (overrides as for run)",
    ),
    "run": ("voice2image.app", "the whole pipeline as a Hydra app (overrides, --multirun)"),
    "speakers": ("voice2image.speakers.cli", "enrol, list, remove and identify speakers"),
    "serve": ("voice2image.services.cli", "start the ASR, image or orchestrator service"),
    "results": ("voice2image.results.cli", "list the run records, import them into MLflow"),
    "thesis": ("voice2image.thesis.cli", "run every offline row of every thesis table, report"),
    "export-onnx": (
        "voice2image.generate.export_cli",
        "export a diffusion backend to ONNX and check it against PyTorch",
    ),
}


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="voice2image", description="Spoken picture descriptions to images, measured."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (_, summary) in COMMANDS.items():
        commands.add_parser(name, help=summary, add_help=False)
    if not argv or argv[0] not in COMMANDS:
        parser.parse_args(argv)  # prints usage, or the unknown-command error, and exits
    name, rest = argv[0], argv[1:]
    module = importlib.import_module(COMMANDS[name][0])
    if name == "run":  # Hydra parses its own command line
        sys.argv = [f"voice2image {name}", *rest]
        module.main()
        return
    sub = argparse.ArgumentParser(prog=f"voice2image {name}", description=COMMANDS[name][1])
    module.add_arguments(sub)
    args = sub.parse_args(rest)
    setup_logging()
    try:
        status = module.main(args)
    except USER_ERRORS as exc:
        print(f"voice2image {name}: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    raise SystemExit(status or 0)
