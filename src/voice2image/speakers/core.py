"""The speaker section of the config as typed settings, and the steps every caller shares:
load an embedder, enrol clips, identify a clip."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from voice2image.audio import SAMPLE_RATE, AudioLimits, load_audio
from voice2image.config import build, to_plain
from voice2image.speakers.diarization import DiarizeOptions
from voice2image.speakers.embedders import SpeakerEmbedder
from voice2image.speakers.registry import Identification, Speaker, SpeakerProfile, SpeakerRegistry
from voice2image.speakers.vad import (
    EnrolOptions,
    VadOptions,
    check_total,
    enrolment_speech,
    speech_only,
    speech_regions,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpeakerSettings:
    """`speaker.*` except the embedder: the identification threshold and the VAD, enrolment
    and diarization options."""

    name: str = "dvector"
    threshold: float = 0.7
    vad: VadOptions = field(default_factory=VadOptions)
    enrol: EnrolOptions = field(default_factory=EnrolOptions)
    diarize: DiarizeOptions = field(default_factory=DiarizeOptions)

    @classmethod
    def from_config(cls, section: Any) -> SpeakerSettings:
        plain = to_plain(section) or {}
        try:
            return cls(
                name=str(plain.get("name", "dvector")),
                threshold=float(plain.get("threshold", 0.7)),
                vad=VadOptions(**(plain.get("vad") or {})),
                enrol=EnrolOptions(**(plain.get("enrol") or {})),
                diarize=DiarizeOptions(**(plain.get("diarize") or {})),
            )
        except TypeError as exc:
            raise ValueError(f"speaker config: {exc}") from None


def load_embedder(section: Any) -> SpeakerEmbedder:
    """Build and load the embedder that `speaker.embedder` names (`_target_`)."""
    embedder = build(section.embedder, SpeakerEmbedder, "speaker embedder")
    embedder.load()
    return embedder


def speech_of(audio: np.ndarray, vad: VadOptions) -> np.ndarray:
    """The speech in a clip (the whole clip when the VAD finds none, e.g. very short)."""
    speech = speech_only(audio, speech_regions(audio, vad))
    return speech if len(speech) >= int(0.3 * SAMPLE_RATE) else audio


def identify_audio(
    audio: np.ndarray,
    embedder: SpeakerEmbedder,
    registry: SpeakerRegistry,
    settings: SpeakerSettings,
) -> Identification:
    """Who is speaking in a 16 kHz mono clip of one speaker."""
    vector = embedder.embed(speech_of(audio, settings.vad), SAMPLE_RATE)
    return registry.identify(vector, embedder.name, settings.threshold)


@dataclass
class Enrolment:
    speaker: Speaker
    warnings: list[str]


def enroll_clips(
    registry: SpeakerRegistry,
    name: str,
    clips: list[str | Path],
    embedder: SpeakerEmbedder,
    settings: SpeakerSettings,
    profile: SpeakerProfile | None = None,
    replace: bool = False,
) -> Enrolment:
    """Check and embed every clip, then store them in one transaction: a bad clip stops the
    enrolment before anything is written."""
    if not clips:
        raise ValueError(f"no clips given to enrol '{name}'")
    warnings: list[str] = []
    embeddings: list[tuple[np.ndarray, str, float]] = []
    total = 0.0
    for clip in clips:
        loaded = load_audio(clip, AudioLimits(min_duration_s=0.1))
        warnings.extend(loaded.warnings)
        speech = enrolment_speech(loaded.samples, str(clip), settings.vad, settings.enrol)
        seconds = len(speech) / SAMPLE_RATE
        total += seconds
        embeddings.append((embedder.embed(speech, SAMPLE_RATE), Path(clip).name, seconds))
    short = check_total(total, f"enrolment of '{name}'", settings.enrol)
    if short:
        warnings.append(short)
    speaker = registry.enroll(name, embedder.name, embeddings, profile, replace=replace)
    for warning in warnings:
        log.warning("%s", warning)
    return Enrolment(speaker, warnings)
