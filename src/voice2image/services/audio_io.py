"""Uploaded audio to 16 kHz mono float32: WAV, FLAC and Ogg through libsndfile; WebM/Opus (what
browsers' MediaRecorder makes) and MP4 through ffmpeg. The same checks as the transcribe stage
(`voice2image.audio.check_samples`), with the service's duration limits."""

from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np
import soundfile as sf

from voice2image.audio import SAMPLE_RATE, AudioError, AudioLimits, LoadedAudio, check_samples
from voice2image.audio import resample as resample_to
from voice2image.services.errors import ApiError

FORMATS = ("wav", "flac", "ogg", "webm", "mp4")
FFMPEG_TIMEOUT_S = 30.0


def sniff(data: bytes) -> str | None:
    """The container, from its first bytes (the upload's name and type are not trusted)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if data[:4] == b"fLaC":
        return "flac"
    if data[:4] == b"OggS":
        return "ogg"
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    if data[4:8] == b"ftyp":
        return "mp4"
    return None


def _soundfile(data: bytes) -> tuple[np.ndarray, int]:
    samples, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return samples.mean(axis=1), int(rate)


def _ffmpeg(data: bytes, kind: str) -> tuple[np.ndarray, int]:
    program = shutil.which("ffmpeg")
    if program is None:
        raise ApiError(415, "unsupported_audio", f"{kind} audio needs ffmpeg, which is missing")
    command = [program, "-nostdin", "-loglevel", "error", "-i", "pipe:0"]
    command += ["-f", "f32le", "-ac", "1", "-ar", str(SAMPLE_RATE), "pipe:1"]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=FFMPEG_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise AudioError(
            f"upload: decoding {kind} audio took over {FFMPEG_TIMEOUT_S:g} s"
        ) from None
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        raise AudioError(
            f"upload: cannot decode {kind} audio ({lines[-1] if lines else 'ffmpeg failed'})"
        )
    return np.frombuffer(done.stdout, dtype=np.float32).copy(), SAMPLE_RATE


def _read(data: bytes, kind: str) -> tuple[np.ndarray, int]:
    if kind not in ("wav", "flac", "ogg"):
        return _ffmpeg(data, kind)
    try:
        return _soundfile(data)
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        if kind == "ogg":  # Ogg/Opus where libsndfile lacks Opus
            return _ffmpeg(data, kind)
        raise AudioError(f"upload: cannot read {kind} audio ({exc})") from None


def decode(data: bytes, limits: AudioLimits) -> LoadedAudio:
    """Raises ApiError 415 for an unknown container, AudioError (422) for unusable audio."""
    if not data:
        raise AudioError("upload: the audio file is empty")
    kind = sniff(data)
    if kind is None:
        raise ApiError(
            415, "unsupported_audio", f"upload: not a supported audio file ({', '.join(FORMATS)})"
        )
    samples, rate = _read(data, kind)
    if samples.size == 0:
        raise AudioError("upload: the audio holds no samples")
    warnings = []
    if rate != SAMPLE_RATE:
        samples = resample_to(samples, rate, SAMPLE_RATE)
        warnings.append(f"upload: resampled from {rate} Hz to {SAMPLE_RATE} Hz")
    checked = check_samples(samples, "upload", limits)
    return LoadedAudio(checked, len(checked) / SAMPLE_RATE, warnings)
