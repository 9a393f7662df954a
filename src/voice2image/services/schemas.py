"""What goes in and out of the services (OpenAPI), typed at the boundary."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from voice2image.records import Segment
from voice2image.schema import Correction, StructuredDescription

MAX_SEED = 2**32 - 1
ImageFormat = Literal["base64", "url"]


class SpeakerOut(BaseModel):
    """Who spoke: an enrolled speaker's name, or None for an unknown voice; `best` is the
    closest enrolled speaker anyway."""

    name: str | None = None
    score: float | None = None
    best: str | None = None
    preset: str | None = None


class TranscriptOut(BaseModel):
    id: str
    text: str
    language: str | None = None
    language_probability: float | None = None
    duration_s: float
    speaker: SpeakerOut | None = None
    segments: list[Segment] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    engine: str
    latency_s: float  # the ASR engine's time for this clip
    identify_s: float | None = None  # speaker identification's time; None when it is off


class StructureOut(BaseModel):
    description: StructuredDescription
    cleaned: str = ""
    corrections: list[Correction] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    method: str | None = None
    language: str | None = None
    latency_s: float = 0.0


def _blank_is_none(value: str | None) -> str | None:
    return value if value is None or value.strip() else None


class PromptIn(BaseModel):
    """A structured description to render as a prompt. `preset` (data/presets.yaml) replaces
    the configured enricher; `speaker` picks an enrolled speaker's preset."""

    model_config = ConfigDict(extra="forbid")

    description: StructuredDescription
    cleaned: str = Field(default="", max_length=4000)
    speaker: str | None = Field(default=None, max_length=100)
    preset: str | None = Field(default=None, max_length=100)
    backend: str | None = Field(default=None, max_length=100)
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED, strict=True)

    _blank = field_validator("speaker", "preset", "backend")(_blank_is_none)


class PromptOut(BaseModel):
    prompt: str
    negative_prompt: str = ""
    prompt_2: str | None = None
    negative_prompt_2: str | None = None
    seed: int
    preset: str | None = None
    diffusion: dict[str, float] | None = None  # an enrolled speaker's steps/guidance/strength
    backend: str
    prompt_tokens: int = 0
    truncated: bool = False
    dropped: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    latency_s: float = 0.0  # the enricher's time for this prompt


class ImageIn(BaseModel):
    """A plain `prompt`, or a `description` rendered as `/v1/prompt` does. `reference_image`
    (base64 PNG or JPEG) switches to image-to-image. The same input and seed give the same
    PNG."""

    model_config = ConfigDict(extra="forbid")

    prompt: str | None = Field(default=None, min_length=1, max_length=4000)
    negative_prompt: str = Field(default="", max_length=4000)
    description: StructuredDescription | None = None
    cleaned: str = Field(default="", max_length=4000)
    speaker: str | None = Field(default=None, max_length=100)
    preset: str | None = Field(default=None, max_length=100)
    backend: str | None = Field(default=None, max_length=100)
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED, strict=True)
    reference_image: str | None = Field(default=None, max_length=16_000_000)

    _blank = field_validator("speaker", "preset", "backend", "reference_image")(_blank_is_none)

    @model_validator(mode="after")
    def _one_source(self) -> ImageIn:
        if (self.prompt is None) == (self.description is None):
            raise ValueError("give exactly one of prompt and description")
        return self


class ImageOut(BaseModel):
    format: ImageFormat
    data: str | None = None  # base64 PNG, for format "base64"
    url: str | None = None  # for format "url": GET it within the service's lifetime
    sha256: str
    seed: int
    mode: str
    backend: str
    width: int
    height: int
    latency_s: float


class GenerateIn(PromptIn):
    """Orchestrator: an (edited) description to a prompt and an image."""

    image_format: ImageFormat = "base64"


class GenerateOut(BaseModel):
    prompt: PromptOut
    image: ImageOut


class StepTimings(BaseModel):
    """Seconds per step of one request, as the page shows them by its progress chips.

    `transcribe_s`, `identify_s`, `enrich_s`, `generate_s`: each model's own time, as its
    service reports it; `structure_s`: the structurer's call in this process, queueing
    included; `asr_s`, `image_s`: what the orchestrator waited for the ASR and the image
    service (queueing, audio decoding and HTTP included); `total_s`: the whole request."""

    transcribe_s: float
    identify_s: float | None = None  # None when speaker identification is off
    structure_s: float
    enrich_s: float
    generate_s: float
    asr_s: float
    image_s: float
    total_s: float


class ProcessOut(BaseModel):
    id: str
    transcript: TranscriptOut
    structure: StructureOut
    prompt: PromptOut
    image: ImageOut
    timings: StepTimings


class HealthOut(BaseModel):
    status: Literal["ok"] = "ok"
    roles: list[str]


class ReadyOut(BaseModel):
    ready: bool
    roles: list[str]
    models: dict[str, str]
    error: str | None = None
    queues: dict[str, dict[str, int]] = Field(default_factory=dict)


class ConfigOut(BaseModel):
    """What the page offers: presets, image backends, enrolled speakers, and the limits."""

    asr: str | None = None
    structurer: str | None = None
    enricher: str | None = None
    backends: list[str] = Field(default_factory=list)
    default_backend: str | None = None
    presets: list[str] = Field(default_factory=list)
    speakers: list[str] = Field(default_factory=list)
    limits: dict[str, float] = Field(default_factory=dict)
