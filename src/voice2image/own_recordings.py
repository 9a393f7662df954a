"""A folder of one's own recordings as a data set (`dataset=folder dataset.path=DIR`): every
audio file under it, recursively, is an item without gold. A reference transcript comes, where
the user has one, from a sidecar `name.txt` beside `name.m4a`, or from a CSV (`file,reference`,
paths relative to the folder) named by `dataset.references`; sidecars win."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from voice2image.audio_formats import SUFFIXES

# Characters an item id keeps; the rest (spaces, accents, slashes) become "_".
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Recording:
    """One audio file of the folder: its item id, where it is, its reference (None: none)."""

    id: str
    path: Path
    reference: str | None


def find_recordings(root: str | Path) -> list[Path]:
    """Every file under `root` with an audio suffix (any case), in path order; hidden files and
    folders (`.git`, `.DS_Store`) are left out."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"dataset.path: {root}: no such folder")
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def references_csv(path: str | Path) -> dict[str, str]:
    """`file,reference` rows (a header naming those two columns): relative path -> text."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise FileNotFoundError(f"dataset.references: {path}: file not found") from None
    if rows and not {"file", "reference"} <= set(rows[0]):
        raise ValueError(f"dataset.references: {path}: needs the columns file and reference")
    return {
        Path(row["file"]).as_posix(): row["reference"].strip()
        for row in rows
        if (row.get("reference") or "").strip()
    }


def item_id(relative: Path, taken: set[str]) -> str:
    """`trip/day 1.m4a` -> `trip__day_1`; a second file with the same stem keeps its suffix."""
    stem = "__".join(_UNSAFE.sub("_", part) for part in relative.with_suffix("").parts)
    if stem in taken:
        stem = f"{stem}_{relative.suffix.lstrip('.').lower()}"
    return stem


def recordings(root: str | Path, references: str | Path | None = None) -> list[Recording]:
    """The folder's recordings with their ids and references."""
    root = Path(root)
    from_csv = references_csv(references) if references else {}
    items: list[Recording] = []
    taken: set[str] = set()
    for path in find_recordings(root):
        relative = path.relative_to(root)
        sidecar = path.with_suffix(".txt")
        text = sidecar.read_text(encoding="utf-8").strip() if sidecar.is_file() else ""
        text = text or from_csv.get(relative.as_posix(), "")
        identifier = item_id(relative, taken)
        taken.add(identifier)
        items.append(Recording(identifier, path, text or None))
    return items
