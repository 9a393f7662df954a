"""Load the bundled spoken descriptions (`data/descriptions/<split>/*.yaml`).

A data set names its description files by split (`dataset.descriptions`): `dev`, the items
rules and thresholds are tuned on, and `test`, held out (data/descriptions/README.md). A plain
list of files, such as a user's own descriptions, has no split.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from voice2image.schema import Description


def load_descriptions(path: str | Path) -> list[Description]:
    """Read and validate one YAML list of descriptions; errors name the file and item."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: descriptions file not found") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a YAML list of descriptions")
    items, seen = [], set()
    for number, entry in enumerate(raw, start=1):
        label = entry.get("id", f"#{number}") if isinstance(entry, dict) else f"#{number}"
        try:
            item = Description.model_validate(entry)
        except ValidationError as exc:
            raise ValueError(f"{path}: item {label}: {exc}") from None
        if item.id in seen:
            raise ValueError(f"{path}: item {item.id} appears twice")
        seen.add(item.id)
        items.append(item)
    return items


def files_by_split(descriptions: Any) -> dict[str | None, list[str]]:
    """`dataset.descriptions` as {split: [files]}. Each entry is a file (no split, e.g. a data
    set of one's own) or `{path: FILE, split: NAME}`."""
    if isinstance(descriptions, str | Path) or not isinstance(descriptions, Iterable):
        raise ValueError(f"dataset.descriptions: expected a list of files, got {descriptions!r}")
    found: dict[str | None, list[str]] = {}
    for entry in descriptions:
        if isinstance(entry, Mapping):
            if "path" not in entry:
                raise ValueError(f"dataset.descriptions: entry {dict(entry)} has no path")
            split = entry.get("split")
            found.setdefault(str(split) if split else None, []).append(str(entry["path"]))
        else:
            found.setdefault(None, []).append(str(entry))
    return found


def all_files(descriptions: Any) -> list[str]:
    """Every description file of `dataset.descriptions`, whatever its split."""
    return [f for files in files_by_split(descriptions).values() for f in files]


def load_by_split(descriptions: Any) -> list[tuple[str | None, Description]]:
    """Every description with its split; ids must be unique across all files."""
    loaded: list[tuple[str | None, Description]] = []
    seen: dict[str, str] = {}
    for split, files in files_by_split(descriptions).items():
        for path in files:
            for item in load_descriptions(path):
                if item.id in seen:
                    raise ValueError(f"{path}: item {item.id} is also in {seen[item.id]}")
                seen[item.id] = path
                loaded.append((split, item))
    return loaded
