"""Language-routed ASR: detect each clip's language once, then decode it with the engine
configured for that language."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from omegaconf import DictConfig, OmegaConf

from voice2image.asr.base import ASREngine, AudioClip, LanguageDetector, TimedTranscription
from voice2image.hardware import HardwareProfile


class LanguageRoutedASR:
    """Detects each clip's language with a multilingual engine (`detector`, from the clip's
    first `detect_window_s` seconds), then sends the clip to the engine `routes` names for
    that language; languages no route names are decoded by the detector itself.

    `detector` and every route are ASR engine configs (`_target_` plus options, as in
    `conf/asr/`), so any engine can be routed to. Routes with the same config share one
    loaded engine, and a route whose config is the detector's uses the detector. Each
    transcription keeps the detected language and its probability, `decoded_by` (the engine
    that decoded it) and a latency that includes the clip's share of the detection.
    """

    def __init__(
        self,
        name: str,
        detector: Any,
        routes: Mapping[str, Any] | None = None,
        detect_window_s: float = 30.0,
        hardware: HardwareProfile | None = None,
    ) -> None:
        if detect_window_s <= 0:
            raise ValueError(f"asr.detect_window_s must be > 0, got {detect_window_s}")
        self.name = name
        self.detect_window_s = float(detect_window_s)
        hardware = hardware or HardwareProfile()
        built: dict[str, ASREngine] = {}  # one engine per distinct config

        def engine(section: Any, what: str) -> ASREngine:
            key = _config_key(section)
            if key not in built:
                built[key] = _build(section, what, hardware)
            return built[key]

        self.detector = engine(detector, "asr.detector")
        if not isinstance(self.detector, LanguageDetector):
            raise ValueError(
                f"asr.detector '{self.detector.name}' cannot detect languages: it needs "
                "detect_languages() (voice2image.asr.FasterWhisperASR with a multilingual model)"
            )
        self.routes = {
            str(language): engine(section, f"asr.routes.{language}")
            for language, section in (routes or {}).items()
        }

    def engines(self) -> list[ASREngine]:
        """Every distinct engine, the detector first."""
        unique: dict[int, ASREngine] = {id(self.detector): self.detector}
        for engine in self.routes.values():
            unique.setdefault(id(engine), engine)
        return list(unique.values())

    def engine_for(self, language: str) -> ASREngine:
        return self.routes.get(language, self.detector)

    def load(self) -> None:
        for engine in self.engines():
            engine.load()
        # An empty call: a detector that cannot detect with the model it loaded (an
        # English-only Whisper) says so now, not once per clip.
        assert isinstance(self.detector, LanguageDetector)
        self.detector.detect_languages([], self.detect_window_s)

    def transcribe(self, clips: Sequence[AudioClip]) -> list[TimedTranscription]:
        assert isinstance(self.detector, LanguageDetector)
        guesses = self.detector.detect_languages(clips, self.detect_window_s)
        groups: dict[int, list[int]] = {}
        for index, guess in enumerate(guesses):
            groups.setdefault(id(self.engine_for(guess.language)), []).append(index)
        results: dict[int, TimedTranscription] = {}
        for indices in groups.values():
            engine = self.engine_for(guesses[indices[0]].language)
            # The language rides on the clip, so an engine that would detect it does not.
            routed = [replace(clips[i], language=guesses[i].language) for i in indices]
            for index, timed in zip(indices, engine.transcribe(routed), strict=True):
                guess = guesses[index]
                heard = timed.transcription
                heard.language, heard.language_probability = guess.language, guess.probability
                heard.decoded_by = engine.name
                timed.latency_s += guess.seconds
                results[index] = timed
        return [results[i] for i in range(len(clips))]


def _config_key(section: Any) -> str:
    if isinstance(section, DictConfig):
        section = OmegaConf.to_container(section, resolve=True)
    if isinstance(section, Mapping):
        return json.dumps(section, sort_keys=True, default=str)
    return f"instance:{id(section)}"


def _build(section: Any, what: str, hardware: HardwareProfile) -> ASREngine:
    """An engine from its config section; an engine given as an object is used as it is."""
    if not isinstance(section, Mapping | DictConfig):
        if not isinstance(section, ASREngine):
            raise ValueError(f"{what}: expected an ASR engine config, got {type(section)}")
        return section
    from voice2image.config import build

    config = section if isinstance(section, DictConfig) else OmegaConf.create(dict(section))
    return build(config, ASREngine, what, hardware=hardware)
