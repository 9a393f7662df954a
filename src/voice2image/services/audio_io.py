"""Uploaded audio to 16 kHz mono float32 (`voice2image.audio_formats`: WAV, FLAC, Ogg, MP3,
MP4/M4A and WebM/Opus, what browsers' MediaRecorder makes), with the service's duration limits;
an upload in no known container is a 415."""

from __future__ import annotations

from voice2image.audio import AudioLimits, LoadedAudio
from voice2image.audio_formats import FORMATS, UnsupportedAudio, decode_audio, sniff
from voice2image.services.errors import ApiError

__all__ = ["FORMATS", "decode", "sniff"]


def decode(data: bytes, limits: AudioLimits) -> LoadedAudio:
    """Raises ApiError 415 for an unknown container, AudioError (422) for unusable audio."""
    try:
        return decode_audio(data, "upload", limits)
    except UnsupportedAudio as exc:
        raise ApiError(415, "unsupported_audio", str(exc)) from None
