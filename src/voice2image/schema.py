"""Typed records shared by every stage: dataset descriptions and structured descriptions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Language = Literal["en", "ru"]

# Version of the StructuredDescription JSON layout; bump it when a field changes meaning.
SCHEMA_VERSION = "1.0"


class Subject(BaseModel):
    """One thing in the picture: `noun` is the head word, `attributes` its modifiers."""

    model_config = ConfigDict(extra="forbid")

    noun: str
    count: int = 1
    attributes: list[str] = Field(default_factory=list)


class StructuredDescription(BaseModel):
    """What a picture should show, slot by slot, in English.

    Free-text slots hold short phrases ("rainy street at night"), not sentences.
    """

    model_config = ConfigDict(extra="forbid")

    subjects: list[Subject] = Field(default_factory=list)
    action: str | None = None
    setting: str | None = None
    style: str | None = None
    medium: str | None = None
    composition: str | None = None
    lighting: str | None = None
    palette: list[str] = Field(default_factory=list)
    mood: str | None = None
    negative: list[str] = Field(default_factory=list)
    # Optional, for extracted descriptions: the layout version, and for each filled slot the
    # transcript words it came from (`{"subjects": ["a little red fox"], "lighting": [...]}`).
    version: str = SCHEMA_VERSION
    sources: dict[str, list[str]] = Field(default_factory=dict)


# The slots of a StructuredDescription that hold one phrase, in the order prompts list them.
SCALAR_SLOTS = ("action", "setting", "style", "medium", "composition", "lighting", "mood")


class Correction(BaseModel):
    """A spoken self-correction: the speaker said `discarded`, then replaced it with `kept`."""

    model_config = ConfigDict(extra="forbid")

    discarded: str
    kept: str


class Description(BaseModel):
    """One spoken image description of the bundled evaluation set.

    `text` is exactly what the voice says, and so the reference transcript. For Russian items
    `translation` is the English meaning; `gold` is always in English.
    """

    model_config = ConfigDict(extra="forbid")

    id: str
    language: Language
    text: str
    translation: str | None = None
    gold: StructuredDescription
    corrections: list[Correction] = Field(default_factory=list)
    phenomena: list[str] = Field(default_factory=list)

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        return value
