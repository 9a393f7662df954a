"""Which prepared clips differ, byte for byte, from a committed reference (issue 14).

`prepare` writes every clip's sha256 into the manifest. A reference file
(`data/reference_hashes/<data set>.json`, `ReferenceHashes`) holds the hashes one machine
produced; `compare` says how many clips of another run differ from it, which ones, and which
source and voice they come from, so a changed figure can be told apart from changed audio.
`voice2image results reference-hashes` rewrites the reference from a prepared folder.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from voice2image.files import atomic_write_text, file_digest, read_jsonl


class ReferenceHashes(BaseModel):
    """One sha256 per clip id of a data set, and the machine and packages that made them."""

    model_config = ConfigDict(extra="forbid")

    dataset: str
    machine: str = ""
    cpu_flags: list[str] = Field(default_factory=list)
    packages: dict[str, str] = Field(default_factory=dict)
    clips: dict[str, str]  # id -> sha256 of the WAV file's bytes


def read_reference(path: str | os.PathLike[str]) -> ReferenceHashes:
    """The reference file; one that is no reference is an error naming it."""
    try:
        return ReferenceHashes.model_validate_json(Path(path).read_text(encoding="utf-8"))
    except (ValidationError, ValueError) as exc:
        first = str(exc).splitlines()[0]
        raise ValueError(f"{path}: not a reference hash file ({first})") from None


def clip_hashes(manifest: str | os.PathLike[str]) -> dict[str, str]:
    """id -> sha256 of every clip of a manifest, read from the files themselves (a manifest
    made before hashes were recorded has none, and the files are what counts)."""
    folder = Path(manifest).parent
    hashes = {}
    for row in read_jsonl(manifest):
        path = folder / row["audio"]
        if not path.is_file():
            raise ValueError(f"{manifest}: clip {row['id']} has no file {path}")
        hashes[row["id"]] = file_digest(path)
    return hashes


def make_reference(manifest: str | os.PathLike[str], dataset: str) -> ReferenceHashes:
    from voice2image.results.record import cpu_flags, package_versions

    return ReferenceHashes(
        dataset=dataset,
        machine=cpu_model(),
        cpu_flags=cpu_flags(),
        packages=package_versions(),
        clips=dict(sorted(clip_hashes(manifest).items())),
    )


def write_reference(reference: ReferenceHashes, path: str | os.PathLike[str]) -> None:
    """Pretty JSON, one clip a line, sorted: a reviewable diff when clips change."""
    atomic_write_text(path, json.dumps(reference.model_dump(), indent=1, ensure_ascii=False) + "\n")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()}, {len(os.sched_getaffinity(0))} cores"
    except OSError:
        pass
    return ""


def compare(
    manifest_rows: Iterable[Mapping[str, Any]], reference: ReferenceHashes, source: str
) -> dict[str, Any]:
    """How the clips of `manifest_rows` (with their `sha256`) stand against `reference`:
    counts, the differing ids with their source and voice, counts by voice, and the ids on
    one side only. `source`: the reference file, as the metrics name it."""
    differing: list[dict[str, str]] = []
    unhashed: list[str] = []
    not_in_reference: list[str] = []
    seen: set[str] = set()
    checked = 0
    for row in manifest_rows:
        item_id = str(row["id"])
        seen.add(item_id)
        expected = reference.clips.get(item_id)
        if expected is None:
            not_in_reference.append(item_id)
            continue
        actual = row.get("sha256")
        if not actual:
            unhashed.append(item_id)
            continue
        checked += 1
        if actual != expected:
            differing.append(
                {"id": item_id, "source": str(row["source"]), "speaker": str(row["speaker"])}
            )
    result: dict[str, Any] = {
        "reference": source,
        "reference_machine": reference.machine,
        "checked": checked,
        "differ": len(differing),
        "identical": checked - len(differing),
        "by_voice": dict(sorted(Counter(d["speaker"] for d in differing).items())),
        "by_source": dict(sorted(Counter(d["source"] for d in differing).items())),
        "differing": differing,
        "not_in_reference": sorted(not_in_reference),
        "missing": sorted(set(reference.clips) - seen),
    }
    if unhashed:  # a manifest made before prepare recorded hashes
        result["without_hash"] = sorted(unhashed)
    return result


def check(
    manifest_rows: list[dict[str, Any]], reference_path: str | os.PathLike[str] | None
) -> dict[str, Any] | None:
    """`compare` against the reference file at `reference_path`; None when there is no file
    for this data set (a folder of one's own recordings, a data set nobody committed)."""
    if reference_path is None or not Path(reference_path).is_file():
        return None
    return compare(manifest_rows, read_reference(reference_path), str(reference_path))
