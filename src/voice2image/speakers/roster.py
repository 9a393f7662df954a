"""The bundled set's speakers (data/speakers.yaml): enrolment sentences by language, and each
speaker with their profile and either a synthetic voice or the manifest items they speak."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from voice2image.records import SpeakerProfile


@dataclass
class SpeakerSpec:
    name: str
    profile: SpeakerProfile
    voice: str | None = None
    items: tuple[str, ...] = ()


def load_speakers(path: str | Path) -> tuple[dict[str, list[str]], list[SpeakerSpec]]:
    """data/speakers.yaml: enrolment sentences by language, and the speakers."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: speakers file not found") from None
    specs = []
    for name, entry in (raw.get("speakers") or {}).items():
        entry = dict(entry or {})
        voice, items = entry.pop("voice", None), tuple(entry.pop("items", None) or ())
        if bool(voice) == bool(items):
            raise ValueError(f"{path}: speaker '{name}' needs either voice: or items:")
        try:
            profile = SpeakerProfile.from_dict(entry)
        except ValueError as exc:
            raise ValueError(f"{path}: speaker '{name}': {exc}") from None
        specs.append(SpeakerSpec(str(name), profile, voice, items))
    return {k: list(v) for k, v in (raw.get("sentences") or {}).items()}, specs


def enrolment_items(path: str | Path) -> set[str]:
    """Manifest items used to enrol someone: identification scores leave them out."""
    return {item for spec in load_speakers(path)[1] for item in spec.items}
