"""Vosk (Kaldi) engine: small and fast on a CPU."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from voice2image.asr.base import AudioClip, TimedTranscription, transcribe_each
from voice2image.models import OFFLINE_VOSK, load_error, resolve
from voice2image.records import Segment, Transcription, Word


class VoskASR:
    """`model` is a Vosk model directory, a packaged offline name (`ko`), or a model name that
    Vosk downloads itself when a hub is reachable (`vosk-model-small-en-us-0.15`)."""

    def __init__(self, name: str, model: str, language: str, hardware: Any = None) -> None:
        self.name = name
        self.model_name = model
        self.language = language
        self._model: Any = None

    def load(self) -> None:
        import vosk

        vosk.SetLogLevel(-1)
        source, local = resolve(self.model_name, OFFLINE_VOSK)
        try:
            self._model = vosk.Model(source) if local else vosk.Model(model_name=source)
        except Exception as exc:
            hint = "Offline, pass a Vosk model directory (docs/models.md)."
            raise load_error("Vosk", self.model_name, exc, hint) from None

    def transcribe(self, clips: Sequence[AudioClip]) -> list[TimedTranscription]:
        if self._model is None:
            raise RuntimeError("call load() before transcribe()")
        return transcribe_each(clips, self._one)

    def _one(self, clip: AudioClip) -> Transcription:
        import vosk

        recognizer = vosk.KaldiRecognizer(self._model, 16_000)
        recognizer.SetWords(True)
        pcm = (np.clip(clip.samples, -1, 1) * 32767).astype("<i2").tobytes()
        results = []
        for start in range(0, len(pcm), 32_000):
            if recognizer.AcceptWaveform(pcm[start : start + 32_000]):
                results.append(json.loads(recognizer.Result()))
        results.append(json.loads(recognizer.FinalResult()))
        segments = []
        for result in results:
            words = [
                Word(start=w["start"], end=w["end"], word=w["word"], probability=w.get("conf"))
                for w in result.get("result", [])
            ]
            if result.get("text"):
                segments.append(
                    Segment(
                        start=words[0].start, end=words[-1].end, text=result["text"], words=words
                    )
                )
        text = " ".join(s.text for s in segments)
        return Transcription(text=text, language=self.language, segments=segments)
