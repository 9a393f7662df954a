"""Spoken Russian to plain spoken English (`RussianGlossTranslator`), for English structurers."""

from voice2image.structure.russian.translator import RussianGlossTranslator

__all__ = ["RussianGlossTranslator"]
