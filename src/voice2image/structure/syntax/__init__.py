"""`structure=syntax`: dependency parse (spaCy) plus WordNet categories; see structurer.py."""

from voice2image.structure.syntax.structurer import SyntaxStructurer

__all__ = ["SyntaxStructurer"]
