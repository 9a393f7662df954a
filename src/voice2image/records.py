"""Every row a stage writes as JSONL, one pydantic model each, and the small records they carry.

`manifest.jsonl` (prepare) -> `ManifestItem`, `mixes/mixes.jsonl` -> `MixRecord`;
`transcripts.jsonl` (transcribe) -> `TranscriptRecord`; `structured.jsonl` (structure) ->
`StructureRecord`; `identified.jsonl` (identify) -> `IdentifyRecord`; `prompts.jsonl` (enrich)
-> `PromptRecord`; `images.jsonl` (generate) -> `ImageRecord`. `Row.to_row()` is what goes on
disk. The structured description itself is `voice2image.schema.StructuredDescription`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from voice2image.schema import SCHEMA_VERSION, Correction, StructuredDescription

Status = Literal["ok", "failed"]
# What a speaker's profile may set for their images.
DIFFUSION_OPTIONS = ("steps", "guidance_scale", "strength")


class Row(BaseModel):
    """One line of a JSONL file, keyed by `id`. On disk a field left at None is left out: a
    failed item's row has no text, an ok row no error."""

    id: str

    def to_row(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class ManifestItem(Row):
    """One clip of an evaluation set. `audio` is relative to the manifest's folder."""

    model_config = ConfigDict(extra="ignore")

    audio: str
    language: str
    speaker: str
    source: Literal["synthetic", "real"]
    # What was said; None for a recording without one (`dataset=folder`): no WER for it.
    reference: str | None
    duration_s: float
    description_id: str | None = None
    translation: str | None = None  # English meaning of a non-English reference
    split: str | None = None  # the description's split (dev, test); None for real speech
    # The WAV file's sha256: evaluate_asr compares it with the committed reference hashes
    # (evaluation.clip_hashes). None in manifests made before prepare recorded it.
    sha256: str | None = None

    def to_row(self) -> dict[str, Any]:
        return self.model_dump()  # every key, null included: the manifest's fixed layout


class MixRecord(Row):
    """A multi-voice recording `prepare` makes for diarization (`mixes/mixes.jsonl`): its
    audio and RTTM (relative to the manifest's folder) and who takes turns in it."""

    audio: str
    rttm: str
    speakers: list[str]
    duration_s: float


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
    """What an engine heard in one clip. `decoded_by` names the engine that decoded it when
    the configured one routes clips to others (`asr=auto`)."""

    text: str
    language: str | None = None
    language_probability: float | None = None
    segments: list[Segment] = Field(default_factory=list)
    decoded_by: str | None = None


class TranscriptRecord(Row):
    """The outcome for one manifest item: a transcription, or the reason there is none."""

    status: Status
    engine: str
    error: str | None = None
    warnings: list[str] = Field(default_factory=list)
    text: str = ""
    language: str | None = None
    language_probability: float | None = None
    decoded_by: str | None = None  # the engine a routing `engine` chose for this item
    segments: list[Segment] = Field(default_factory=list)
    audio_s: float = 0.0
    latency_s: float = 0.0
    rtf: float = 0.0
    batch_size: int = 1


class StructureRecord(Row):
    """One line of the `structure` stage's output."""

    status: Status
    error: str | None = None
    warnings: list[str] = Field(default_factory=list)
    structurer: str
    method: str | None = None
    language: str | None = None
    speaker: str | None = None
    transcript: str = ""
    cleaned: str = ""
    description: StructuredDescription | None = None
    corrections: list[Correction] = Field(default_factory=list)
    latency_s: float = 0.0
    version: str = SCHEMA_VERSION


@dataclass
class SpeakerProfile:
    """What a speaker's pictures look like: a style preset (data/presets.yaml), extra tags,
    negative terms, and diffusion options (steps, guidance_scale, strength)."""

    preset: str | None = None
    tags: list[str] = field(default_factory=list)
    negative: list[str] = field(default_factory=list)
    diffusion: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.diffusion) - set(DIFFUSION_OPTIONS))
        if unknown:
            raise ValueError(
                f"unknown diffusion option(s) {', '.join(unknown)} in a speaker profile "
                f"(known: {', '.join(DIFFUSION_OPTIONS)})"
            )

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SpeakerProfile:
        data = dict(data or {})
        unknown = sorted(set(data) - {"preset", "tags", "negative", "diffusion"})
        if unknown:
            raise ValueError(f"unknown speaker profile key(s): {', '.join(unknown)}")
        return cls(
            preset=data.get("preset"),
            tags=[str(t) for t in data.get("tags") or []],
            negative=[str(t) for t in data.get("negative") or []],
            diffusion={str(k): float(v) for k, v in (data.get("diffusion") or {}).items()},
        )


@dataclass(frozen=True)
class Turn:
    """One stretch of one speaker. `speaker` is the enrolled name, or `speaker_<k>` for a
    voice the registry does not know; `score` is the cluster's similarity to that speaker
    (None without a registry)."""

    start: float
    end: float
    speaker: str
    score: float | None = None


class IdentifyRecord(Row):
    """Who speaks in one manifest item: the enrolled speaker (or `unknown`), the similarity to
    every enrolled speaker, for long recordings their turns, and the speaker's profile."""

    true_speaker: str
    turns: list[Turn] | None = None
    scores: dict[str, float] | None = None
    status: Status
    error: str | None = None
    speaker: str = "unknown"
    score: float | None = None
    latency_s: float | None = None
    audio_s: float | None = None
    profile: SpeakerProfile | None = None

    @field_serializer("turns", "profile")
    def _as_written(self, value: Any) -> Any:
        """Turns and profiles in full, null fields included, as the registry stores them."""
        if value is None:
            return None
        return [asdict(turn) for turn in value] if isinstance(value, list) else asdict(value)

    def to_row(self) -> dict[str, Any]:
        row = self.model_dump(exclude_none=True)
        row.setdefault("profile", None)  # written as null: the speaker has no profile
        return row


class PromptRecord(Row):
    """What the `enrich` stage hands to `generate`: one image request per item.

    `prompt_2`/`negative_prompt_2` feed the second text encoder (null: same as the first):
    SDXL's OpenCLIP bigG (a style-led tag list), Flux's T5 (the content as sentences, up to
    `enrich.render.t5_max_tokens`), while `prompt` stays the short CLIP prompt (77 tokens).
    `reference_image` is a path (relative to the manifest's folder) for image-to-image. The
    last four fields say how the prompt was fitted to the text encoder's window.
    """

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
    prompt_tokens: int | None = None
    truncated: bool | None = None
    dropped: list[str] | None = None
    latency_s: float | None = None


class ImageRecord(Row):
    """One image of the `generate` stage (`images.jsonl`): where it is, what made it, how long
    each part took; `item_hash` says whether a rerun may reuse it."""

    status: Status
    error: str | None = None
    path: str | None = None  # relative to the stage's folder: images/<id>.png
    seed: int | None = None
    mode: str | None = None
    prompt: str | None = None
    negative_prompt: str | None = None
    text_s: float | None = None
    denoise_s: float | None = None
    decode_s: float | None = None
    latency_s: float | None = None
    batch_size: int | None = None
    config_hash: str | None = None
    item_hash: str | None = None
