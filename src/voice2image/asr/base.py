"""The one interface every speech recogniser implements."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from voice2image.records import ManifestItem, Transcription


@dataclass
class AudioClip:
    """A validated clip: 16 kHz mono float32 samples and its id. `item` is the manifest row of
    a data set's clip (the `reference` engine answers with its text); None for audio that came
    another way (a service upload)."""

    id: str
    samples: np.ndarray
    item: ManifestItem | None = None
    # The spoken language when something already detected it (`LanguageRoutedASR`): an
    # engine that would detect it takes this instead.
    language: str | None = None

    @classmethod
    def of(cls, item: ManifestItem, samples: np.ndarray) -> AudioClip:
        return cls(item.id, samples, item)

    @property
    def duration_s(self) -> float:
        return len(self.samples) / 16_000


@dataclass
class TimedTranscription:
    transcription: Transcription
    latency_s: float
    batch_size: int = 1


@runtime_checkable
class ASREngine(Protocol):
    """Load once with `load()`, then `transcribe()` lists of clips; results keep their order.

    An engine may batch internally; it reports each clip's latency (for a batch, the batch's
    wall time shared out in proportion to audio duration).
    """

    name: str

    def load(self) -> None: ...

    def transcribe(self, clips: Sequence[AudioClip]) -> list[TimedTranscription]: ...


@dataclass
class LanguageGuess:
    """A detected language, its probability, and the clip's share of the detection time."""

    language: str
    probability: float
    seconds: float


@runtime_checkable
class LanguageDetector(Protocol):
    """An engine that can also tell which language each clip speaks, from its first
    `window_s` seconds, without transcribing it."""

    name: str

    def detect_languages(
        self, clips: Sequence[AudioClip], window_s: float
    ) -> list[LanguageGuess]: ...


def transcribe_each(
    clips: Sequence[AudioClip], one: Callable[[AudioClip], Transcription]
) -> list[TimedTranscription]:
    """For engines that take one clip at a time."""
    results = []
    for clip in clips:
        start = time.perf_counter()
        transcription = one(clip)
        results.append(TimedTranscription(transcription, time.perf_counter() - start))
    return results


def share_latency(total_s: float, clips: Sequence[AudioClip]) -> list[float]:
    audio = sum(clip.duration_s for clip in clips) or 1.0
    return [total_s * clip.duration_s / audio for clip in clips]
