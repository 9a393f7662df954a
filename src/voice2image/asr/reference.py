"""The gold transcript as if an ideal recogniser heard it: isolates later stages from ASR.

With `task: translate`, non-English items give their gold English translation instead, as an
ideal speech-translation system would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from voice2image.asr.base import AudioClip, TimedTranscription, transcribe_each
from voice2image.records import Transcription


class ReferenceASR:
    def __init__(self, name: str = "reference", task: str = "transcribe", hardware: Any = None):
        if task not in ("transcribe", "translate"):
            raise ValueError(f"asr.task must be 'transcribe' or 'translate', got '{task}'")
        self.name = name
        self.task = task

    def load(self) -> None:
        return None

    def transcribe(self, clips: Sequence[AudioClip]) -> list[TimedTranscription]:
        return transcribe_each(clips, self._one)

    def _one(self, clip: AudioClip) -> Transcription:
        item = clip.item
        if item is None:  # audio outside a data set: there is no reference to return
            return Transcription(text="")
        if self.task == "translate" and item.language != "en" and item.translation:
            return Transcription(text=item.translation, language="en")
        if item.reference is None:  # a recording of one's own without a transcript
            return Transcription(text="")
        return Transcription(text=item.reference, language=item.language)
