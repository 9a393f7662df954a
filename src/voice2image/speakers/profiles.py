"""A speaker's profile in the prompt: the identify stage's labels, applied by `enrich`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from voice2image.enrich.base import Enriched
from voice2image.enrich.basic import preset_negatives, preset_phrases
from voice2image.enrich.speaker_first import admit_negatives, admit_phrases
from voice2image.files import read_jsonl
from voice2image.prompting import PRIORITY, Part
from voice2image.schema import StructuredDescription


def load_identified(path: str | Path | None) -> dict[str, dict[str, Any]]:
    """{item id: identify row} (empty without a file: speakers are not identified)."""
    if path is None or not Path(path).exists():
        return {}
    return {row["id"]: row for row in read_jsonl(path)}


def apply_profile(
    enriched: Enriched,
    profile: dict[str, Any] | None,
    presets: dict[str, dict[str, str]],
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
    chosen = profile.get("preset")
    if chosen and preset is None:
        if chosen not in presets:
            raise ValueError(f"speaker preset '{chosen}' is not in the preset library")
        for text in admit_phrases(preset_phrases(presets[chosen]), said):
            parts.append(Part(text, "tag", PRIORITY["preset"]))
        negative += admit_negatives(preset_negatives(presets[chosen]), said)
        preset = chosen
    tags = admit_phrases(profile.get("tags") or [], said, bundled=False)
    parts += [Part(tag, "tag", PRIORITY["preset"]) for tag in tags]
    negative += admit_negatives(profile.get("negative") or [], said)
    unique = list(dict.fromkeys(n for n in negative if n))
    return Enriched(parts, unique, preset, list(enriched.warnings))
