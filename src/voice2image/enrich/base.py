"""The enricher interface: a structured description to prompt parts and a negative prompt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from voice2image.enrich.prompting import Part
from voice2image.schema import StructuredDescription


@dataclass
class Enriched:
    parts: list[Part]
    negative: list[str]
    preset: str | None = None
    warnings: list[str] = field(default_factory=list)


@runtime_checkable
class Enricher(Protocol):
    """`enrich` gets the structured description, the cleaned transcript (the content when no
    slot is filled, as with the `none` structurer) and the speaker; it must not raise on any
    input."""

    name: str

    def load(self) -> None: ...

    def enrich(
        self, description: StructuredDescription, cleaned: str, speaker: str | None
    ) -> Enriched: ...
