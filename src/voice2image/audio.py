"""Reading speech audio for ASR: one format in (16 kHz mono float32), clear errors out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile as sf

SAMPLE_RATE = 16_000


class AudioError(ValueError):
    """Audio that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class AudioLimits:
    """What counts as usable speech. Rate and channel mismatches are converted, with a warning,
    unless `convert` is false, in which case they are errors."""

    max_duration_s: float = 600.0
    min_duration_s: float = 0.1
    silence_rms: float = 1e-4
    convert: bool = True


@dataclass
class LoadedAudio:
    samples: np.ndarray  # float32, mono, SAMPLE_RATE
    duration_s: float
    warnings: list[str] = field(default_factory=list)


def load_audio(path: str | Path, limits: AudioLimits | None = None) -> LoadedAudio:
    """Load `path` as 16 kHz mono float32 and check it is usable speech.

    Raises AudioError naming the file for missing, unreadable, empty, silent or too long audio.
    """
    limits = limits or AudioLimits()
    path = Path(path)
    if not path.is_file():
        raise AudioError(f"{path}: audio file not found")
    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        raise AudioError(f"{path}: cannot read audio ({exc})") from None
    warnings: list[str] = []
    if data.shape[0] == 0:
        raise AudioError(f"{path}: audio is empty (0 samples)")
    if data.shape[1] > 1:
        if not limits.convert:
            raise AudioError(f"{path}: {data.shape[1]} channels, expected mono")
        warnings.append(f"{path.name}: {data.shape[1]} channels mixed down to mono")
    mono = data.mean(axis=1)
    if rate != SAMPLE_RATE:
        if not limits.convert:
            raise AudioError(f"{path}: sample rate {rate} Hz, expected {SAMPLE_RATE} Hz")
        warnings.append(f"{path.name}: resampled from {rate} Hz to {SAMPLE_RATE} Hz")
        mono = resample(mono, rate, SAMPLE_RATE)
    return LoadedAudio(check_samples(mono, str(path), limits), len(mono) / SAMPLE_RATE, warnings)


def check_samples(samples: np.ndarray, name: str, limits: AudioLimits) -> np.ndarray:
    """Reject audio that no engine could transcribe meaningfully."""
    duration = len(samples) / SAMPLE_RATE
    if duration > limits.max_duration_s:
        raise AudioError(
            f"{name}: {duration:.1f} s is longer than the limit of {limits.max_duration_s:.0f} s "
            "(raise audio.max_duration_s to accept it)"
        )
    if duration < limits.min_duration_s:
        raise AudioError(f"{name}: {duration:.3f} s is too short to hold speech")
    if not np.all(np.isfinite(samples)):
        raise AudioError(f"{name}: audio contains NaN or infinite samples")
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    if rms < limits.silence_rms:
        raise AudioError(f"{name}: audio is silent (RMS {rms:.2e})")
    return np.ascontiguousarray(samples, dtype=np.float32)


def resample(samples: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(rate_in, rate_out)
    return resample_poly(samples, rate_out // g, rate_in // g).astype(np.float32)


def write_wav(path: str | Path, samples: np.ndarray, rate: int = SAMPLE_RATE) -> None:
    """Write 16-bit PCM WAV atomically."""
    import io

    from voice2image.files import atomic_write_bytes

    buffer = io.BytesIO()
    sf.write(buffer, np.clip(samples, -1.0, 1.0), rate, subtype="PCM_16", format="WAV")
    atomic_write_bytes(path, buffer.getvalue())
