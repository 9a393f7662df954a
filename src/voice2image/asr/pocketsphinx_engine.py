"""CMU PocketSphinx engine: the lightest CPU recogniser, with the en-us model its wheel ships."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from voice2image.asr.base import AudioClip, TimedTranscription, transcribe_each
from voice2image.models import load_error
from voice2image.records import Segment, Transcription


class PocketSphinxASR:
    """`hmm`, `lm` and `dict` override the packaged en-us model files (null: packaged)."""

    def __init__(
        self,
        name: str,
        hmm: str | None = None,
        lm: str | None = None,
        dict: str | None = None,  # noqa: A002 - PocketSphinx's own option name
        hardware: Any = None,
    ) -> None:
        self.name = name
        self.options = {k: v for k, v in {"hmm": hmm, "lm": lm, "dict": dict}.items() if v}
        self._decoder: Any = None

    def load(self) -> None:
        from pocketsphinx import Decoder

        try:
            self._decoder = Decoder(samprate=16_000, loglevel="FATAL", **self.options)
        except Exception as exc:
            raise load_error("PocketSphinx", str(self.options or "en-us"), exc, "") from None

    def transcribe(self, clips: Sequence[AudioClip]) -> list[TimedTranscription]:
        if self._decoder is None:
            raise RuntimeError("call load() before transcribe()")
        return transcribe_each(clips, self._one)

    def _one(self, clip: AudioClip) -> Transcription:
        pcm = (np.clip(clip.samples, -1, 1) * 32767).astype("<i2").tobytes()
        self._decoder.start_utt()
        self._decoder.process_raw(pcm, full_utt=True)
        self._decoder.end_utt()
        hypothesis = self._decoder.hyp()
        text = hypothesis.hypstr if hypothesis is not None else ""
        frame = 0.01  # PocketSphinx counts 10 ms frames
        words = [
            (seg.word, seg.start_frame * frame, seg.end_frame * frame)
            for seg in self._decoder.seg()
            if not seg.word.startswith(("<", "[")) and seg.word != "<sil>"
        ]
        segments = [Segment(start=words[0][1], end=words[-1][2], text=text)] if words else []
        return Transcription(text=text, language="en", segments=segments)
