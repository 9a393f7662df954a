"""ASR engines for testing the transcribe stage's own mechanics (resume, failure isolation).
They return the reference text; what they script is when they break."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from voice2image.asr.base import AudioClip, TimedTranscription
from voice2image.asr.reference import ReferenceASR


class CrashingASR(ReferenceASR):
    """Counts the clips it is given; raises KeyboardInterrupt (a crash no stage may catch)
    once `crash_after` clips have been transcribed, and RuntimeError for ids in `broken`."""

    seen: ClassVar[list[str]] = []
    crash_after: ClassVar[int | None] = None
    broken: ClassVar[set[str]] = set()

    def __init__(self, name: str = "crashing", hardware: Any = None) -> None:
        super().__init__(name=name)

    def transcribe(self, clips: Sequence[AudioClip]) -> list[TimedTranscription]:
        if self.crash_after is not None and len(self.seen) >= self.crash_after:
            raise KeyboardInterrupt
        if any(clip.id in self.broken for clip in clips):
            raise RuntimeError("decoder exploded")
        self.seen.extend(clip.id for clip in clips)
        return super().transcribe(clips)
