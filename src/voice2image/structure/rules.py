"""`rules`: spoken-language cleanup and lexicon slot filling, for English and Russian."""

from __future__ import annotations

from voice2image.structure import lexicon_ru
from voice2image.structure.base import StructureResult
from voice2image.structure.cleanup import Cleaned, clean
from voice2image.structure.slots import Builder, Fill, fill_clause
from voice2image.structure.text import tokenize


def is_cyrillic(tokens: list[str]) -> bool:
    letters = [c for t in tokens for c in t if c.isalpha()]
    return bool(letters) and sum("\u0400" <= c <= "\u04ff" for c in letters) > len(letters) / 2


def english_tokens(text: str, language: str | None) -> tuple[list[str], list[str]]:
    """Tokens in English: Russian text is glossed word by word first. Returns (tokens,
    notes)."""
    tokens = tokenize(text)
    notes: list[str] = []
    if language == "ru" or is_cyrillic(tokens):
        tokens, unknown = lexicon_ru.gloss(tokens)
        if unknown:
            notes.append(f"russian words not in the lexicon: {', '.join(unknown[:10])}")
    return tokens, notes


def structure_clauses(cleaned: Cleaned) -> Builder:
    builder = Builder()
    for clause in cleaned.clauses:
        for discard in clause.discards:
            builder.discard(discard, clause.said)
        if not clause.words:
            continue
        fills = fill_clause(clause.words, builder.has_setting)
        if not fills:
            fills = _untyped(clause.words)
        for fill in fills:
            builder.add(fill, clause.corrects, clause.said)
    return builder


def _untyped(words: list[str]) -> list[Fill]:
    return [Fill("extra", " ".join(words))] if words else []


class RulesStructurer:
    """Cleanup (fillers, restarts, repetitions, self-corrections where the later choice wins,
    negations, commands) then slot filling with the project's lexicons."""

    def __init__(self, name: str = "rules") -> None:
        self.name = name

    def load(self) -> None:
        return None

    def structure(self, text: str, language: str | None) -> StructureResult:
        tokens, notes = english_tokens(text, language)
        cleaned = clean(tokens)
        builder = structure_clauses(cleaned)
        description = builder.build()
        warnings = [*notes, *cleaned.notes]
        if not description.model_dump(exclude={"version", "sources"}, exclude_defaults=True):
            warnings.append("no slot filled")
        return StructureResult(
            description=description,
            cleaned=cleaned.text,
            method=self.name,
            corrections=[c for c in builder.corrections if c.kept],
            warnings=warnings,
        )
