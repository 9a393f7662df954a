"""Structurers: a transcript to a StructuredDescription, behind one interface (`Structurer`,
`base`), chosen by `conf/structure/*.yaml`. A method is one class and one YAML file."""

from typing import TYPE_CHECKING

from voice2image import lazy_exports

if TYPE_CHECKING:
    from voice2image.structure.base import Structurer, StructureResult
    from voice2image.structure.embedding import EmbeddingStructurer
    from voice2image.structure.llm import LLMStructurer
    from voice2image.structure.none import NoneStructurer
    from voice2image.structure.rules import RulesStructurer

__all__ = [
    "EmbeddingStructurer",
    "LLMStructurer",
    "NoneStructurer",
    "RulesStructurer",
    "StructureResult",
    "Structurer",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "Structurer": "base",
        "StructureResult": "base",
        "EmbeddingStructurer": "embedding",
        "LLMStructurer": "llm",
        "NoneStructurer": "none",
        "RulesStructurer": "rules",
    },
)
