"""`none`, `tags` and `presets` enrichers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from voice2image.enrich.base import Enriched
from voice2image.enrich.presets import load_presets, preset_negatives, preset_phrases
from voice2image.enrich.prompting import PRIORITY, Part, describe
from voice2image.enrich.speaker_first import admit_negatives, admit_phrases
from voice2image.schema import StructuredDescription

# Technical tags that suit each medium or style (first match wins, most specific first).
STYLE_TAGS: dict[str, list[str]] = {
    "oil painting": ["oil on canvas", "visible brushstrokes", "rich texture"],
    "watercolor": ["watercolor painting", "soft washes", "paper texture"],
    "photograph": ["photorealistic", "dslr", "sharp focus", "natural colors"],
    "pencil sketch": ["graphite pencil", "cross-hatching", "paper texture"],
    "3d render": ["octane render", "ray tracing", "global illumination"],
    "pixel art": ["16-bit", "pixelated", "limited palette"],
    "illustration": ["digital illustration", "clean lines"],
    "architectural rendering": ["architectural visualization", "clean lines"],
    "anime": ["anime key visual", "cel shading", "vibrant colors"],
    "cyberpunk": ["neon glow", "futuristic", "high contrast"],
    "photorealistic": ["photorealistic", "hyperdetailed", "8k"],
    "fantasy": ["fantasy art", "epic", "intricate details"],
    "van gogh": ["post-impressionism", "swirling brushstrokes", "impasto"],
    "monet": ["impressionism", "soft brushstrokes"],
    "children's book illustration": ["storybook illustration", "soft colors", "whimsical"],
    "poster": ["poster art", "bold shapes", "graphic design"],
    "minimalist": ["minimalist", "clean composition", "negative space"],
}
DEFAULT_NEGATIVE = [
    "blurry",
    "low quality",
    "worst quality",
    "jpeg artifacts",
    "deformed",
    "bad anatomy",
    "watermark",
    "signature",
]
QUALITY_TAGS = ["highly detailed", "sharp focus", "best quality"]


def content(description: StructuredDescription, cleaned: str) -> list[Part]:
    return describe(description, fallback=cleaned)


class NoneEnricher:
    """The content only; the negative prompt is what the speaker excluded."""

    def __init__(self, name: str = "none", render: Any = None) -> None:
        self.name = name
        self.render = render

    def load(self) -> None:
        return None

    def enrich(
        self, description: StructuredDescription, cleaned: str, speaker: str | None
    ) -> Enriched:
        return Enriched(content(description, cleaned), list(description.negative))


class TagsEnricher:
    """Style markers and technical tags chosen by the structured style and medium, quality
    tags, and a default negative prompt after the speaker's own exclusions."""

    def __init__(
        self,
        name: str = "tags",
        quality_tags: list[str] | None = None,
        negative: list[str] | None = None,
        max_style_tags: int = 3,
        render: Any = None,
    ) -> None:
        self.name = name
        self.quality_tags = list(QUALITY_TAGS if quality_tags is None else quality_tags)
        self.negative = list(DEFAULT_NEGATIVE if negative is None else negative)
        self.max_style_tags = max_style_tags
        self.render = render

    def load(self) -> None:
        return None

    def style_tags(self, description: StructuredDescription) -> list[str]:
        said = " ".join(filter(None, [description.medium, description.style]))
        tags: list[str] = []
        for key, values in STYLE_TAGS.items():
            if key in said:
                tags.extend(t for t in values if t not in tags and t not in said)
        return tags[: self.max_style_tags]

    def enrich(
        self, description: StructuredDescription, cleaned: str, speaker: str | None
    ) -> Enriched:
        parts = content(description, cleaned)
        parts += [Part(t, "tag", PRIORITY["tag"]) for t in self.style_tags(description)]
        parts += [Part(t, "quality", PRIORITY["quality"]) for t in self.quality_tags]
        wanted = " ".join(p.text for p in parts)
        negative = [*description.negative, *(n for n in self.negative if n not in wanted)]
        return Enriched(parts, negative)


class PresetsEnricher:
    """A named style preset: its template's phrases and its negative join the content, where
    they do not overrule the speaker (`speaker_first`). The preset is chosen per run
    (`preset`) and per speaker (`per_speaker: {speaker: preset}`)."""

    def __init__(
        self,
        library: str | Path,
        preset: str = "cinematic",
        per_speaker: dict[str, str] | None = None,
        name: str = "presets",
        render: Any = None,
    ) -> None:
        self.name = name
        self.presets = load_presets(library)
        self.per_speaker = dict(per_speaker or {})
        for chosen in [preset, *self.per_speaker.values()]:
            if chosen not in self.presets:
                raise ValueError(
                    f"unknown preset '{chosen}'; the library has: {', '.join(sorted(self.presets))}"
                )
        self.preset = preset
        self.render = render

    def load(self) -> None:
        return None

    def enrich(
        self, description: StructuredDescription, cleaned: str, speaker: str | None
    ) -> Enriched:
        name = self.per_speaker.get(speaker or "", self.preset)
        preset = self.presets[name]
        parts = content(description, cleaned)
        for text in admit_phrases(preset_phrases(preset), description):
            parts.append(Part(text, "tag", PRIORITY["preset"]))
        negative = [
            *description.negative,
            *admit_negatives(preset_negatives(preset), description),
        ]
        return Enriched(parts, negative, preset=name)
