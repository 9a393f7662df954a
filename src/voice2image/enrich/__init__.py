"""Enrichers: a structured description to prompt parts, behind one interface (`Enricher`,
`base`), chosen by `conf/enrich/*.yaml`; the style preset library (`presets`) and prompt
rendering into the text encoder's window (`prompting`)."""

from typing import TYPE_CHECKING

from voice2image import lazy_exports

if TYPE_CHECKING:
    from voice2image.enrich.base import Enriched, Enricher
    from voice2image.enrich.basic import NoneEnricher, PresetsEnricher, TagsEnricher
    from voice2image.enrich.lm import LMEnricher
    from voice2image.enrich.presets import load_presets

__all__ = [
    "Enriched",
    "Enricher",
    "LMEnricher",
    "NoneEnricher",
    "PresetsEnricher",
    "TagsEnricher",
    "load_presets",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "Enriched": "base",
        "Enricher": "base",
        "NoneEnricher": "basic",
        "PresetsEnricher": "basic",
        "TagsEnricher": "basic",
        "LMEnricher": "lm",
        "load_presets": "presets",
    },
)
