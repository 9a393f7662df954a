"""Structurers: a transcript to a StructuredDescription. One class per method."""

from voice2image.structure.base import Structurer, StructureRecord, StructureResult
from voice2image.structure.embedding import EmbeddingStructurer
from voice2image.structure.llm import LLMStructurer
from voice2image.structure.none import NoneStructurer
from voice2image.structure.rules import RulesStructurer

__all__ = [
    "EmbeddingStructurer",
    "LLMStructurer",
    "NoneStructurer",
    "RulesStructurer",
    "StructureRecord",
    "StructureResult",
    "Structurer",
]
