"""The style preset library (`paths.presets`, data/presets.yaml) and a speaker's profile in the
prompt: their preset, extra tags and negative terms added to what the enricher made."""

from __future__ import annotations

from pathlib import Path

import yaml

from voice2image.enrich.base import Enriched
from voice2image.enrich.prompting import PRIORITY, Part
from voice2image.enrich.speaker_first import admit_negatives, admit_phrases
from voice2image.records import SpeakerProfile
from voice2image.schema import StructuredDescription

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


def preset_phrases(preset: dict[str, str]) -> list[str]:
    """A preset template's phrases, without the `{prompt}` slot."""
    template = str(preset["template"]).replace("{prompt}", ",")
    return [text.strip() for text in template.split(",") if text.strip()]


def preset_negatives(preset: dict[str, str]) -> list[str]:
    return [n.strip() for n in str(preset.get("negative", "")).split(",") if n.strip()]


def apply_profile(
    enriched: Enriched,
    profile: SpeakerProfile | None,
    presets: Presets,
    description: StructuredDescription | None = None,
) -> Enriched:
    """Add the speaker's preset (unless the enricher chose one itself: `enrich=presets`),
    extra tags and negative terms to what the enricher made, where they do not overrule what
    the speaker said in `description` (`enrich.speaker_first`): they fill empty slots only."""
    if not profile:
        return enriched
    said = description or StructuredDescription()
    parts, negative = list(enriched.parts), list(enriched.negative)
    preset = enriched.preset
    chosen = profile.preset
    if chosen and preset is None:
        if chosen not in presets:
            raise ValueError(f"speaker preset '{chosen}' is not in the preset library")
        for text in admit_phrases(preset_phrases(presets[chosen]), said):
            parts.append(Part(text, "tag", PRIORITY["preset"]))
        negative += admit_negatives(preset_negatives(presets[chosen]), said)
        preset = chosen
    tags = admit_phrases(profile.tags, said, bundled=False)
    parts += [Part(tag, "tag", PRIORITY["preset"]) for tag in tags]
    negative += admit_negatives(profile.negative, said)
    unique = list(dict.fromkeys(n for n in negative if n))
    return Enriched(parts, unique, preset, list(enriched.warnings))
