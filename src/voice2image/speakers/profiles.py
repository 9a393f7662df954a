"""A speaker's profile in the prompt: the identify stage's labels, applied by `enrich`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from voice2image.enrich.base import Enriched
from voice2image.files import read_jsonl
from voice2image.prompting import PRIORITY, Part


def load_identified(path: str | Path | None) -> dict[str, dict[str, Any]]:
    """{item id: identify row} (empty without a file: speakers are not identified)."""
    if path is None or not Path(path).exists():
        return {}
    return {row["id"]: row for row in read_jsonl(path)}


def apply_profile(
    enriched: Enriched,
    profile: dict[str, Any] | None,
    presets: dict[str, dict[str, str]],
) -> Enriched:
    """Add the speaker's preset (unless the enricher chose one itself: `enrich=presets`),
    extra tags and negative terms to what the enricher made."""
    if not profile:
        return enriched
    parts, negative = list(enriched.parts), list(enriched.negative)
    preset = enriched.preset
    chosen = profile.get("preset")
    if chosen and preset is None:
        if chosen not in presets:
            raise ValueError(f"speaker preset '{chosen}' is not in the preset library")
        template = str(presets[chosen]["template"])
        for text in template.replace("{prompt}", ",").split(","):
            if text.strip():
                parts.append(Part(text.strip(), "tag", PRIORITY["preset"]))
        negative += [n.strip() for n in str(presets[chosen].get("negative", "")).split(",")]
        preset = chosen
    parts += [Part(tag, "tag", PRIORITY["preset"]) for tag in profile.get("tags") or []]
    negative += list(profile.get("negative") or [])
    unique = list(dict.fromkeys(n for n in negative if n))
    return Enriched(parts, unique, preset, list(enriched.warnings))
