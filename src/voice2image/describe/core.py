"""One recording through every step, with the models a service process holds
(`services.core`: the same per-item functions and row models as the DVC stages), loaded once
for a batch: transcribe, identify the speaker, structure, enrich, generate. The outcome is a
`DescribeRecord` and the PNG."""

from __future__ import annotations

import time
from typing import Any, Literal

from omegaconf import DictConfig
from pydantic import BaseModel, ConfigDict, Field

from voice2image.audio import AudioLimits, LoadedAudio
from voice2image.config import to_plain
from voice2image.schema import Correction, StructuredDescription

# The config groups a record names its choice of.
GROUPS = ("asr", "structure", "enrich", "diffusion", "hardware", "speaker")


class StepTimings(BaseModel):
    """Wall seconds of each step for one recording (None: the step did not run)."""

    model_config = ConfigDict(extra="forbid")

    decode_s: float | None = None
    transcribe_s: float | None = None
    identify_s: float | None = None
    structure_s: float | None = None
    enrich_s: float | None = None
    generate_s: float | None = None
    total_s: float | None = None


class DescribeRecord(BaseModel):
    """What `voice2image describe` writes beside each image (`clip.json`) and prints with
    `--json`: the transcript, who spoke, the structured description, the prompt, where the
    image is, how long each step took and which config made it."""

    model_config = ConfigDict(extra="forbid")

    input: str  # the audio file as named on the command line; "-" for stdin
    status: Literal["ok", "failed"]
    error: str | None = None
    warnings: list[str] = Field(default_factory=list)
    duration_s: float | None = None
    transcript: str = ""
    language: str | None = None
    language_probability: float | None = None
    speaker: str = "unknown"
    speaker_score: float | None = None
    cleaned: str = ""
    description: StructuredDescription | None = None
    corrections: list[Correction] = Field(default_factory=list)
    prompt: str = ""
    negative_prompt: str = ""
    prompt_tokens: int | None = None
    truncated: bool | None = None
    preset: str | None = None
    seed: int | None = None
    image: str | None = None  # the PNG as written (beside the record)
    timings: StepTimings = Field(default_factory=StepTimings)
    config: dict[str, Any] = Field(default_factory=dict)


class DescribeFailed(ValueError):
    """A step gave nothing to go on (the engine failed, or the transcript held nothing to
    draw); the message says which."""


def config_choices(cfg: DictConfig, overrides: list[str]) -> dict[str, Any]:
    """Each group's choice, the seed and the overrides given: enough to make it again."""
    plain = to_plain(cfg)
    chosen: dict[str, Any] = {
        g: plain[g].get("name") for g in GROUPS if isinstance(plain.get(g), dict)
    }
    return chosen | {"seed": plain.get("seed"), "overrides": list(overrides)}


class Describer:
    """The ASR engine, speaker identification, structurer, enricher and image generator of one
    composed config. Building checks the config; `load()` loads every model once."""

    def __init__(self, cfg: DictConfig, overrides: list[str] | None = None) -> None:
        from voice2image.services.core import ImageCore, SpeechCore, TextCore

        self.cfg = cfg
        self.limits = AudioLimits(**to_plain(cfg.audio))
        self.config = config_choices(cfg, list(overrides or []))
        self.speech = SpeechCore(cfg)
        self.text = TextCore(cfg)
        self.images = ImageCore({str(cfg.diffusion.name): cfg}, 0, str(cfg.paths.presets))
        self.images.speakers = self.speech.speakers  # their profile joins their prompt
        self.load_s: float | None = None

    @property
    def speaker_note(self) -> str | None:
        """Why no speaker is identified, when none can be."""
        speakers = self.speech.speakers
        return None if speakers.enabled else f"speaker identification off: {speakers.reason}"

    def load(self) -> float:
        """Load every model (once); the seconds it took."""
        if self.load_s is None:
            started = time.perf_counter()
            # No warm-up calls: a one-shot command would pay for them on top of the first file.
            self.speech.load(warm_up=False)
            self.text.load()
            self.images.load(warm_up=False)
            self.load_s = round(time.perf_counter() - started, 3)
        return self.load_s

    def describe(
        self, audio: LoadedAudio, name: str, decode_s: float = 0.0
    ) -> tuple[DescribeRecord, bytes]:
        """The record (status ok, `image` still unset) and the PNG of one decoded recording;
        `decode_s`: what decoding it took, counted into the total. Raises DescribeFailed when a
        step has nothing to hand on."""
        from voice2image.services.errors import ApiError
        from voice2image.services.schemas import PromptIn

        self.load()
        timings: dict[str, float] = {"decode_s": round(decode_s, 4)}
        started = time.perf_counter()

        def step(key: str, since: float) -> float:
            now = time.perf_counter()
            timings[key] = round(now - since, 4)
            return now

        try:
            heard = self.speech.transcribe(audio, name, identify=False)
            mark = step("transcribe_s", started)
            heard.speaker = self.speech.speakers.identify(audio.samples)
            mark = step("identify_s", mark)
            structured = self.text.structure(heard)
            mark = step("structure_s", mark)
            speaker = heard.speaker.name if heard.speaker else None
            request = PromptIn(
                description=structured.description, cleaned=structured.cleaned, speaker=speaker
            )
            prompt = self.images.prompt(request)
            mark = step("enrich_s", mark)
            picture = self.images.draw(prompt, self.images.backend(None))
            step("generate_s", mark)
        except ApiError as exc:
            raise DescribeFailed(f"{name}: {exc.message}") from None
        timings["total_s"] = round(decode_s + time.perf_counter() - started, 4)
        notes = [self.speaker_note] if self.speaker_note else []
        record = DescribeRecord(
            input=name,
            status="ok",
            warnings=[*heard.warnings, *structured.warnings, *prompt.warnings, *notes],
            duration_s=round(audio.duration_s, 3),
            transcript=heard.text,
            language=heard.language,
            language_probability=heard.language_probability,
            speaker=speaker or "unknown",
            speaker_score=heard.speaker.score if heard.speaker else None,
            cleaned=structured.cleaned,
            description=structured.description,
            corrections=structured.corrections,
            prompt=prompt.prompt,
            negative_prompt=prompt.negative_prompt,
            prompt_tokens=prompt.prompt_tokens,
            truncated=prompt.truncated,
            preset=prompt.preset,
            seed=picture.seed,
            timings=StepTimings(**timings),
            config=self.config,
        )
        return record, picture.png
