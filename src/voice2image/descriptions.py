"""Load the bundled spoken descriptions (`data/descriptions/*.yaml`)."""

from __future__ import annotations

from pathlib import Path

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
