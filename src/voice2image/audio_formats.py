"""Audio in the containers people record in (WAV, FLAC, Ogg, MP3, M4A/MP4, WebM) to 16 kHz mono
float32: the container is sniffed from the bytes (a file's name is not trusted); WAV, FLAC and
Ogg/Vorbis go through libsndfile, the rest (and Ogg/Opus where libsndfile lacks Opus) through
ffmpeg. The checks are `voice2image.audio.check_samples`'s. What the services decode uploads
with, `voice2image describe` reads files with, and `prepare` converts a folder of recordings
with."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import soundfile as sf

from voice2image.audio import SAMPLE_RATE, AudioError, AudioLimits, LoadedAudio, check_samples
from voice2image.audio import resample as resample_to

# Containers by their first bytes; "mp4" covers M4A.
FORMATS = ("wav", "flac", "ogg", "mp3", "mp4", "webm")
# The file names a folder of recordings is searched for (`dataset=folder`).
SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".m4a", ".webm")
FFMPEG_TIMEOUT_S = 60.0


class UnsupportedAudio(AudioError):
    """Bytes in no container this module reads (or one that needs the missing ffmpeg)."""


def sniff(data: bytes) -> str | None:
    """The container, from its first bytes."""
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
    # An ID3 tag, or straight into an MPEG audio frame: 11 sync bits, layer III.
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE6 == 0xE2):
        return "mp3"
    return None


def _soundfile(data: bytes) -> tuple[np.ndarray, int]:
    samples, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return samples.mean(axis=1), int(rate)


def _ffmpeg(data: bytes, kind: str, name: str) -> tuple[np.ndarray, int]:
    program = shutil.which("ffmpeg")
    if program is None:
        raise UnsupportedAudio(f"{name}: {kind} audio needs ffmpeg, which is not installed")
    command = [program, "-nostdin", "-loglevel", "error", "-i", "pipe:0"]
    command += ["-f", "f32le", "-ac", "1", "-ar", str(SAMPLE_RATE), "pipe:1"]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=FFMPEG_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise AudioError(
            f"{name}: decoding {kind} audio took over {FFMPEG_TIMEOUT_S:g} s"
        ) from None
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        raise AudioError(
            f"{name}: cannot decode {kind} audio ({lines[-1] if lines else 'ffmpeg failed'})"
        )
    return np.frombuffer(done.stdout, dtype=np.float32).copy(), SAMPLE_RATE


def _read(data: bytes, kind: str, name: str) -> tuple[np.ndarray, int]:
    if kind not in ("wav", "flac", "ogg"):
        return _ffmpeg(data, kind, name)
    try:
        return _soundfile(data)
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        if kind == "ogg":  # Ogg/Opus where libsndfile lacks Opus
            return _ffmpeg(data, kind, name)
        raise AudioError(f"{name}: cannot read {kind} audio ({exc})") from None


def decode_audio(data: bytes, name: str, limits: AudioLimits | None = None) -> LoadedAudio:
    """`data` (a whole file) as checked 16 kHz mono speech. Raises UnsupportedAudio for bytes in
    no known container, AudioError for audio that cannot be used; both name `name`."""
    limits = limits or AudioLimits()
    if not data:
        raise AudioError(f"{name}: the file is empty")
    kind = sniff(data)
    if kind is None:
        raise UnsupportedAudio(f"{name}: not an audio file ({', '.join(SUFFIXES)})")
    samples, rate = _read(data, kind, name)
    if samples.size == 0:
        raise AudioError(f"{name}: the audio holds no samples")
    warnings = []
    if rate != SAMPLE_RATE:
        samples = resample_to(samples, rate, SAMPLE_RATE)
        warnings.append(f"{name}: resampled from {rate} Hz to {SAMPLE_RATE} Hz")
    checked = check_samples(samples, name, limits)
    return LoadedAudio(checked, len(checked) / SAMPLE_RATE, warnings)


def read_audio_file(path: str | Path, limits: AudioLimits | None = None) -> LoadedAudio:
    """An audio file of any supported container; errors name the file."""
    path = Path(path)
    if path.is_dir():
        raise AudioError(f"{path}: is a folder, not an audio file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AudioError(f"{path}: audio file not found") from None
    except OSError as exc:
        raise AudioError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode_audio(data, str(path), limits)
