"""The gold transcript as if an ideal recogniser heard it: isolates later stages from ASR."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from voice2image.asr.base import AudioClip, TimedTranscription, transcribe_each
from voice2image.records import Transcription


class ReferenceASR:
    def __init__(self, name: str = "reference", hardware: Any = None) -> None:
        self.name = name

    def load(self) -> None:
        return None

    def transcribe(self, clips: Sequence[AudioClip]) -> list[TimedTranscription]:
        return transcribe_each(
            clips, lambda clip: Transcription(text=clip.item.reference, language=clip.item.language)
        )
