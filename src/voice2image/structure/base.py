"""The structurer interface and what a structurer returns for one transcript."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

from voice2image.schema import Correction, StructuredDescription


class StructureResult(BaseModel):
    """What a structurer made of one transcript. `cleaned`: the transcript without fillers,
    commands and withdrawn words (the `none` baseline's prompt); `corrections`: the
    self-corrections it applied; `method`: who produced `description` (an `llm` item that fell
    back says `rules`)."""

    description: StructuredDescription
    cleaned: str
    method: str
    corrections: list[Correction] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


@runtime_checkable
class Structurer(Protocol):
    """Turns one transcript into a structured description. `load()` is called once before the
    first item; `structure` must not raise on any text (it returns warnings instead)."""

    name: str

    def load(self) -> None: ...

    def structure(self, text: str, language: str | None) -> StructureResult: ...
