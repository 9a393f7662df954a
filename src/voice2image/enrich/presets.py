"""The style preset library (`paths.presets`, data/presets.yaml) and a speaker's profile in the
prompt: their preset, extra tags and negative terms added to what the enricher made."""

from __future__ import annotations

from pathlib import Path

import yaml

from voice2image.enrich.base import Enriched
from voice2image.enrich.prompting import PRIORITY, Part
from voice2image.records import SpeakerProfile

Presets = dict[str, dict[str, str]]


def load_presets(path: str | Path) -> Presets:
    """The style preset library: {name: {template: "... {prompt} ...", negative: "..."}}."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: preset library not found") from None
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping of preset names")
    for name, preset in raw.items():
        if not isinstance(preset, dict) or "{prompt}" not in str(preset.get("template", "")):
            raise ValueError(f"{path}: preset '{name}' needs a template containing {{prompt}}")
    return raw


def apply_profile(enriched: Enriched, profile: SpeakerProfile | None, presets: Presets) -> Enriched:
    """Add the speaker's preset (unless the enricher chose one itself: `enrich=presets`),
    extra tags and negative terms to what the enricher made."""
    if not profile:
        return enriched
    parts, negative = list(enriched.parts), list(enriched.negative)
    preset = enriched.preset
    chosen = profile.preset
    if chosen and preset is None:
        if chosen not in presets:
            raise ValueError(f"speaker preset '{chosen}' is not in the preset library")
        template = str(presets[chosen]["template"])
        for text in template.replace("{prompt}", ",").split(","):
            if text.strip():
                parts.append(Part(text.strip(), "tag", PRIORITY["preset"]))
        negative += [n.strip() for n in str(presets[chosen].get("negative", "")).split(",")]
        preset = chosen
    parts += [Part(tag, "tag", PRIORITY["preset"]) for tag in profile.tags]
    negative += list(profile.negative)
    unique = list(dict.fromkeys(n for n in negative if n))
    return Enriched(parts, unique, preset, list(enriched.warnings))
