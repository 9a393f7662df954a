"""What the service tests share: the offline, fast service they run, and headless Chromium with
a WAV file as its microphone (Debian's /usr/bin/chromium; no browser download)."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Tests decide themselves whether speakers are identified: no registry unless they make one.
NO_REGISTRY = "++paths.registry=null"
# The offline, fast service the tests run: tiny.en, rules, tags and the tiny image backend.
TINY_SERVICE = [
    "asr=faster_whisper_tiny_en",
    "diffusion=tiny",
    "structure=rules",
    "enrich=tags",
    NO_REGISTRY,
]
# Without the networking flags Chromium keeps calling Google's hosts, which fail offline.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def fake_microphone_args(wav: Path) -> list[str]:
    """Chromium flags that grant the microphone and play `wav` into it once per capture."""
    return [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}%noloop",
    ]
