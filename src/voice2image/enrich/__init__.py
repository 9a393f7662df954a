"""Enrichers: a structured description to prompt parts. One class per method."""

from voice2image.enrich.base import Enriched, Enricher
from voice2image.enrich.basic import NoneEnricher, PresetsEnricher, TagsEnricher, load_presets
from voice2image.enrich.lm import LMEnricher

__all__ = [
    "Enriched",
    "Enricher",
    "LMEnricher",
    "NoneEnricher",
    "PresetsEnricher",
    "TagsEnricher",
    "load_presets",
]
