"""Per-item records that stages exchange as JSONL: manifest rows and transcripts."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["ok", "failed"]


class ManifestItem(BaseModel):
    """One clip of an evaluation set. `audio` is relative to the manifest's folder."""

    model_config = ConfigDict(extra="ignore")

    id: str
    audio: str
    language: str
    speaker: str
    source: Literal["synthetic", "real"]
    reference: str
    duration_s: float
    description_id: str | None = None
    translation: str | None = None  # English meaning of a non-English reference


class Word(BaseModel):
    start: float
    end: float
    word: str
    probability: float | None = None


class Segment(BaseModel):
    start: float
    end: float
    text: str
    words: list[Word] | None = None


class Transcription(BaseModel):
    """What an engine heard in one clip."""

    text: str
    language: str | None = None
    language_probability: float | None = None
    segments: list[Segment] = Field(default_factory=list)


class TranscriptRecord(BaseModel):
    """The outcome for one manifest item: a transcription, or the reason there is none."""

    id: str
    status: Status
    engine: str
    error: str | None = None
    warnings: list[str] = Field(default_factory=list)
    text: str = ""
    language: str | None = None
    language_probability: float | None = None
    segments: list[Segment] = Field(default_factory=list)
    audio_s: float = 0.0
    latency_s: float = 0.0
    rtf: float = 0.0
    batch_size: int = 1


class PromptRecord(BaseModel):
    """What the `enrich` stage hands to `generate`: one image request per item.

    `prompt_2`/`negative_prompt_2` feed the second text encoder (null: same as the first):
    SDXL's OpenCLIP bigG (a style-led tag list), Flux's T5 (the content as sentences, up to
    `enrich.render.t5_max_tokens`), while `prompt` stays the short CLIP prompt (77 tokens).
    `reference_image` is a path (relative to the manifest's folder) for image-to-image.
    """

    id: str
    status: Status
    error: str | None = None
    warnings: list[str] = Field(default_factory=list)
    prompt: str = ""
    negative_prompt: str = ""
    prompt_2: str | None = None
    negative_prompt_2: str | None = None
    speaker: str | None = None
    preset: str | None = None
    diffusion: dict[str, float] | None = None  # the speaker's steps/guidance_scale/strength
    reference_image: str | None = None
    seed: int | None = None
