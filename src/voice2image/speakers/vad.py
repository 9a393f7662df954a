"""Where the speech is: Silero VAD (the ONNX model faster-whisper ships), and the checks an
enrolment clip must pass (long enough, speech rather than silence, noise or music)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from voice2image.audio import SAMPLE_RATE, AudioError
from voice2image.models import ModelNotAvailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VadOptions:
    """`threshold`: Silero's speech probability; pauses shorter than `min_silence_ms` do not
    split a region; regions shorter than `min_speech_ms` are dropped; `pad_ms` on each side."""

    threshold: float = 0.5
    min_speech_ms: int = 250
    min_silence_ms: int = 300
    pad_ms: int = 100


@dataclass(frozen=True)
class EnrolOptions:
    """An enrolment needs `hard_min_s` of speech (error), should have `min_s` (warning), and
    at least `min_speech_ratio` of each clip must be speech (else: silence, noise or music)."""

    min_s: float = 5.0
    hard_min_s: float = 1.0
    min_speech_ratio: float = 0.3


def speech_regions(audio: np.ndarray, options: VadOptions | None = None) -> list[tuple[int, int]]:
    """(start, end) sample indices of speech in 16 kHz mono float32 audio."""
    options = options or VadOptions()
    try:
        from faster_whisper.vad import VadOptions as SileroOptions
        from faster_whisper.vad import get_speech_timestamps
    except ImportError:
        raise ModelNotAvailable(
            "speaker VAD needs the Silero model that faster-whisper ships: pip install "
            "faster-whisper"
        ) from None
    silero = SileroOptions(
        threshold=options.threshold,
        min_speech_duration_ms=options.min_speech_ms,
        min_silence_duration_ms=options.min_silence_ms,
        speech_pad_ms=options.pad_ms,
    )
    samples = np.ascontiguousarray(audio, dtype=np.float32)
    return [(int(r["start"]), int(r["end"])) for r in get_speech_timestamps(samples, silero)]


def speech_only(audio: np.ndarray, regions: list[tuple[int, int]]) -> np.ndarray:
    if not regions:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate([audio[start:end] for start, end in regions]).astype(np.float32)


def enrolment_speech(
    audio: np.ndarray, name: str, vad: VadOptions, enrol: EnrolOptions
) -> np.ndarray:
    """The speech of one enrolment clip; AudioError naming the clip when there is none
    (silence, noise, music) or too little of it."""
    duration = len(audio) / SAMPLE_RATE
    regions = speech_regions(audio, vad)
    speech = speech_only(audio, regions)
    ratio = len(speech) / max(len(audio), 1)
    if not regions:
        raise AudioError(
            f"{name}: no speech found in {duration:.1f} s (silence, noise or music?); "
            "enrol with a clip of the person speaking"
        )
    if ratio < enrol.min_speech_ratio:
        raise AudioError(
            f"{name}: only {ratio:.0%} of {duration:.1f} s is speech (below "
            f"{enrol.min_speech_ratio:.0%}: music or noise?); enrol with a clean speech clip"
        )
    return speech


def check_total(seconds: float, name: str, enrol: EnrolOptions) -> str | None:
    """Error below the hard minimum; a warning (returned) below the recommended length."""
    if seconds < enrol.hard_min_s:
        raise AudioError(
            f"{name}: {seconds:.1f} s of speech is too short to enrol (at least "
            f"{enrol.hard_min_s:.0f} s, {enrol.min_s:.0f} s recommended)"
        )
    if seconds < enrol.min_s:
        return (
            f"{name}: only {seconds:.1f} s of speech; {enrol.min_s:.0f} s or more identifies "
            "more reliably"
        )
    return None
