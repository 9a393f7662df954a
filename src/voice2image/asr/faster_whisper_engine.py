"""faster-whisper (CTranslate2) engine, with short clips batched through one decoder call."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from voice2image.asr.base import AudioClip, LanguageGuess, TimedTranscription, share_latency
from voice2image.hardware import HardwareProfile
from voice2image.models import OFFLINE_FASTER_WHISPER, load_error, resolve
from voice2image.records import Segment, Transcription, Word

SAMPLE_RATE = 16_000
# Whisper sees 30 s windows; clips up to this length go through the batched decoder, longer
# ones through the sequential long-form decoder.
BATCHABLE_S = 29.0


class FasterWhisperASR:
    """Whisper through faster-whisper.

    `model` is a packaged offline name (`tiny.en`, `base`), a local CTranslate2 directory, or
    any id faster-whisper can fetch from a hub (`small`, `Systran/faster-whisper-large-v3`).
    `language` is `auto` (detected per clip) or a code; `task` is `transcribe` or `translate`
    (non-English speech to English; English speech is always transcribed). `languages` limits
    detection to the languages a deployment expects (short synthetic clips are otherwise
    sometimes heard as Nynorsk). `batch_size` short clips are decoded at once. At 1 (the
    default) a clip's text depends on that clip alone; with larger batches a few texts of the
    demo set changed with the batch's other clips, and on 2 cores batches of 8 were no faster
    and took twice the memory (docs/evaluation.md, "Across two CPU types"). The thread count
    does not change the text (tests/test_asr_engines.py). `initial_prompt` maps a language code
    to text Whisper reads as what was said before the clip: Whisper leaves hesitations out and
    tidies speech unless its prompt is disfluent itself, so a prompt spoken the way people ask
    for pictures keeps the fillers and self-corrections the structurer reads
    (docs/evaluation.md, "A disfluent prompt").
    """

    def __init__(
        self,
        name: str,
        model: str = "tiny.en",
        compute_type: str = "auto",
        beam_size: int = 5,
        vad_filter: bool = False,
        language: str = "auto",
        task: str = "transcribe",
        word_timestamps: bool = False,
        batch_size: int = 1,
        languages: list[str] | None = None,
        initial_prompt: Mapping[str, str] | None = None,
        hardware: HardwareProfile | None = None,
    ) -> None:
        if task not in ("transcribe", "translate"):
            raise ValueError(f"asr.task must be 'transcribe' or 'translate', got '{task}'")
        if batch_size < 1:
            raise ValueError(f"asr.batch_size must be >= 1, got {batch_size}")
        self.name = name
        self.model_name = model
        self.compute_type = compute_type
        self.beam_size = beam_size
        self.vad_filter = vad_filter
        self.language = None if language == "auto" else language
        self.task = task
        self.word_timestamps = word_timestamps
        self.batch_size = batch_size
        self.languages = list(languages) if languages else None
        self.initial_prompt = {str(k): str(v) for k, v in (initial_prompt or {}).items() if v}
        self.hardware = hardware or HardwareProfile()
        self._model: Any = None
        self._batched: Any = None

    def load(self) -> None:
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        source, local = resolve(self.model_name, OFFLINE_FASTER_WHISPER)
        compute_type = self.compute_type
        if compute_type == "auto":
            compute_type = "float16" if self.hardware.device == "cuda" else "int8"
        try:
            self._model = WhisperModel(
                source,
                device=self.hardware.device,
                compute_type=compute_type,
                cpu_threads=self.hardware.cpu_threads,
                download_root=None,
                local_files_only=local,
            )
        except Exception as exc:
            packaged = ", ".join(OFFLINE_FASTER_WHISPER)
            hint = (
                f"Offline, name a local CTranslate2 model directory or a packaged model "
                f"({packaged}; see docs/models.md)."
            )
            raise load_error("faster-whisper", self.model_name, exc, hint) from None
        self._batched = BatchedInferencePipeline(self._model)

    @property
    def multilingual(self) -> bool:
        return bool(self._model.model.is_multilingual)

    def transcribe(self, clips: Sequence[AudioClip]) -> list[TimedTranscription]:
        if self._model is None:
            raise RuntimeError("call load() before transcribe()")
        results: dict[int, TimedTranscription] = {}
        short = [i for i, c in enumerate(clips) if c.duration_s <= BATCHABLE_S]
        long = [i for i, c in enumerate(clips) if c.duration_s > BATCHABLE_S]
        for index in long:
            start = time.perf_counter()
            transcription = self._transcribe_long(clips[index])
            results[index] = TimedTranscription(transcription, time.perf_counter() - start)
        for group, language in self._group_by_language([clips[i] for i in short], short):
            for offset in range(0, len(group), self.batch_size):
                batch = group[offset : offset + self.batch_size]
                start = time.perf_counter()
                transcriptions = self._transcribe_batch([clips[i] for i, _ in batch], language)
                shares = share_latency(time.perf_counter() - start, [clips[i] for i, _ in batch])
                for (index, detected), transcription, share in zip(
                    batch, transcriptions, shares, strict=True
                ):
                    detect_s, probability = detected
                    transcription.language_probability = probability
                    results[index] = TimedTranscription(transcription, share + detect_s, len(batch))
        return [results[i] for i in range(len(clips))]

    def _group_by_language(
        self, clips: list[AudioClip], indices: list[int]
    ) -> list[tuple[list[tuple[int, tuple[float, float | None]]], str]]:
        """Batches share one language token: detect each clip's language, then group."""
        groups: dict[str, list[tuple[int, tuple[float, float | None]]]] = {}
        for index, clip in zip(indices, clips, strict=True):
            if self.language is not None or not self.multilingual:
                language, probability, seconds = self.language or "en", None, 0.0
            elif clip.language is not None:  # detected already, by a router
                language, probability, seconds = clip.language, None, 0.0
            else:
                start = time.perf_counter()
                language, probability = self._detect_language(clip.samples)
                seconds = time.perf_counter() - start
            groups.setdefault(language, []).append((index, (seconds, probability)))
        return [(members, language) for language, members in groups.items()]

    def _prompt_for(self, language: str | None) -> str | None:
        """The prompt in the clip's language; an English-only model hears English. A clip
        whose language Whisper is still to detect gets none, so that no prompt sways it."""
        if language is None and not self.multilingual:
            language = "en"
        return self.initial_prompt.get(language) if language else None

    def _task_for(self, language: str | None) -> str:
        """Speech already in English is transcribed: Whisper's translate task paraphrases it
        (measured: WER on real English speech 0.17 transcribed, 0.42 "translated")."""
        return "transcribe" if language == "en" else self.task

    def _detect_language(self, samples: np.ndarray) -> tuple[str, float]:
        _, _, all_probs = self._model.detect_language(samples)
        return self._likeliest(all_probs)

    def _likeliest(self, ranked: list[tuple[str, float]]) -> tuple[str, float]:
        """The most probable language among `languages` (all, when None); `ranked` is
        Whisper's (code, probability) list, most probable first."""
        allowed = [(code, p) for code, p in ranked if not self.languages or code in self.languages]
        language, probability = max(allowed or ranked, key=lambda pair: pair[1])
        return language, float(probability)

    def detect_languages(
        self, clips: Sequence[AudioClip], window_s: float = 30.0
    ) -> list[LanguageGuess]:
        """Each clip's language from its first `window_s` seconds (at most Whisper's 30 s),
        limited to `languages`, without transcribing: one encoder pass and one decoder step
        per clip, `batch_size` clips per call.

        Whisper's encoder accepts inputs shorter than its 30 s window and costs less in
        proportion: every clip is encoded over exactly `window_s` (padded when shorter, as
        faster-whisper pads to 30 s), so its language does not depend on its batch, at a
        fraction of the cost of faster-whisper's `detect_language`, which encodes 30 s, one
        clip per call."""
        if self._model is None:
            raise RuntimeError("call load() before detect_languages()")
        if not self.multilingual:
            raise ValueError(
                f"asr engine '{self.name}': model '{self.model_name}' is English-only and "
                "cannot detect languages; use a multilingual one (e.g. base)"
            )
        if window_s <= 0:
            raise ValueError(f"the language detection window must be > 0 s, got {window_s}")
        from faster_whisper.audio import pad_or_trim

        extractor = self._model.feature_extractor
        window = int(min(window_s, 30.0) * SAMPLE_RATE)
        frames = window // extractor.hop_length
        guesses: list[LanguageGuess] = []
        for offset in range(0, len(clips), self.batch_size):
            batch = clips[offset : offset + self.batch_size]
            start = time.perf_counter()
            features = [pad_or_trim(extractor(c.samples[:window]), frames) for c in batch]
            ranked = self._model.model.detect_language(self._model.encode(np.stack(features)))
            shares = share_latency(time.perf_counter() - start, batch)
            for languages, share in zip(ranked, shares, strict=True):
                # Whisper's language tokens look like "<|ru|>".
                codes = [(token[2:-2], float(p)) for token, p in languages]
                language, probability = self._likeliest(codes)
                guesses.append(LanguageGuess(language, round(probability, 4), share))
        return guesses

    def _transcribe_batch(self, clips: list[AudioClip], language: str) -> list[Transcription]:
        audio = np.concatenate([clip.samples for clip in clips])
        spans, owners, position = [], [], 0.0
        for number, clip in enumerate(clips):
            for start, end in self._speech_spans(clip):
                spans.append({"start": position + start, "end": position + end})
                owners.append(number)
            position += clip.duration_s
        segments_by_clip: list[list[Segment]] = [[] for _ in clips]
        offsets = np.cumsum([0.0] + [clip.duration_s for clip in clips])
        if spans:
            segments, _ = self._batched.transcribe(
                audio,
                language=language,
                task=self._task_for(language),
                beam_size=self.beam_size,
                word_timestamps=self.word_timestamps,
                clip_timestamps=spans,
                batch_size=self.batch_size,
                without_timestamps=True,
                initial_prompt=self._prompt_for(language),
            )
            for segment in segments:
                # Each span yields its own segments, starting at the span's offset.
                number = int(np.searchsorted(offsets, segment.start + 1e-3, side="right")) - 1
                number = min(max(number, 0), len(clips) - 1)
                segments_by_clip[number].append(_segment(segment, float(offsets[number])))
        return [
            Transcription(
                text=" ".join(s.text.strip() for s in segs).strip(),
                language=language,
                segments=segs,
            )
            for segs in segments_by_clip
        ]

    def _speech_spans(self, clip: AudioClip) -> list[tuple[float, float]]:
        if not self.vad_filter:
            return [(0.0, clip.duration_s)]
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        stamps = get_speech_timestamps(clip.samples, VadOptions())
        return [(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE) for s in stamps]

    def _transcribe_long(self, clip: AudioClip) -> Transcription:
        language = self.language or (clip.language if self.multilingual else None)
        if language is None and self.multilingual and (self.languages or self.task == "translate"):
            language, _ = self._detect_language(clip.samples)
        segments, info = self._model.transcribe(
            clip.samples,
            language=language,
            task=self._task_for(language),
            beam_size=self.beam_size,
            vad_filter=self.vad_filter,
            word_timestamps=self.word_timestamps,
            initial_prompt=self._prompt_for(language),
        )
        converted = [_segment(s, 0.0) for s in segments]  # consuming the generator decodes
        return Transcription(
            text=" ".join(s.text.strip() for s in converted).strip(),
            language=info.language,
            language_probability=info.language_probability,
            segments=converted,
        )


def _segment(segment: Any, offset: float) -> Segment:
    words = None
    if segment.words is not None:
        words = [
            Word(start=w.start - offset, end=w.end - offset, word=w.word, probability=w.probability)
            for w in segment.words
        ]
    return Segment(
        start=round(segment.start - offset, 3),
        end=round(segment.end - offset, 3),
        text=segment.text.strip(),
        words=words,
    )
