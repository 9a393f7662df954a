"""The translator interface: a non-English transcript to plain spoken English, which an English
structurer then reads. Words a translator could not render stay in `text` as they were spoken and
are listed in `untranslated`, never dropped silently."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel


class Translation(BaseModel):
    text: str  # English rendering
    untranslated: list[str] = []  # source words it could not translate (left in `text` as they are)


class Translator(Protocol):
    name: str

    def load(self) -> None: ...

    def translate(self, text: str, language: str) -> Translation: ...
