"""openai-whisper (PyTorch) engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from voice2image.asr.base import AudioClip, TimedTranscription, transcribe_each
from voice2image.hardware import HardwareProfile
from voice2image.models import load_error
from voice2image.paths import cache_dir
from voice2image.records import Segment, Transcription


class OpenAIWhisperASR:
    """`model` is a released name (`tiny`, `base.en`, `large-v3`, fetched into the cache by
    whisper itself when a hub is reachable) or a path to a `.pt` checkpoint."""

    def __init__(
        self,
        name: str,
        model: str = "tiny",
        language: str = "auto",
        task: str = "transcribe",
        beam_size: int | None = 5,
        fp16: bool = False,
        temperature: float | list[float] | tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
        hardware: HardwareProfile | None = None,
    ) -> None:
        if task not in ("transcribe", "translate"):
            raise ValueError(f"asr.task must be 'transcribe' or 'translate', got '{task}'")
        self.name = name
        self.model_name = model
        self.language = None if language == "auto" else language
        self.task = task
        self.beam_size = beam_size
        self.fp16 = fp16
        # Whisper's fallback: retry at higher temperatures (sampling) when decoding fails.
        self.temperature = (
            tuple(temperature) if isinstance(temperature, list | tuple) else temperature
        )
        self.hardware = hardware or HardwareProfile()
        self._model: Any = None

    def load(self) -> None:
        import whisper

        self.hardware.apply()
        try:
            self._model = whisper.load_model(
                self.model_name,
                device=self.hardware.device,
                download_root=str(cache_dir() / "openai-whisper"),
            )
        except Exception as exc:
            hint = "Offline, pass the path of a .pt checkpoint (docs/models.md)."
            raise load_error("openai-whisper", self.model_name, exc, hint) from None

    def transcribe(self, clips: Sequence[AudioClip]) -> list[TimedTranscription]:
        if self._model is None:
            raise RuntimeError("call load() before transcribe()")
        return transcribe_each(clips, self._one)

    def _one(self, clip: AudioClip) -> Transcription:
        result = self._model.transcribe(
            clip.samples,
            language=self.language,
            task=self.task,
            beam_size=self.beam_size,
            fp16=self.fp16 and self.hardware.device == "cuda",
            temperature=self.temperature,
            verbose=None,
        )
        segments = [
            Segment(start=s["start"], end=s["end"], text=s["text"].strip())
            for s in result["segments"]
        ]
        return Transcription(
            text=result["text"].strip(), language=result["language"], segments=segments
        )
