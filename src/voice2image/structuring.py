"""Stage `structure`: every transcript to a structured description, one structurer loaded once."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from voice2image.config import build, fingerprint
from voice2image.files import (
    Journal,
    file_digest,
    read_models,
    write_json,
    write_jsonl,
)
from voice2image.records import ManifestItem, TranscriptRecord
from voice2image.structure.base import Structurer, StructureRecord
from voice2image.transcribe import load_manifest

log = logging.getLogger(__name__)


@dataclass
class StructureSummary:
    structurer: str
    items: int
    failed: int
    fell_back: int
    resumed: int
    load_s: float
    wall_s: float


def build_structurer(cfg: DictConfig) -> Structurer:
    structurer = build(cfg.structure, "structurer", _convert_="object")
    if not isinstance(structurer, Structurer):
        raise ValueError(f"{cfg.structure._target_} does not implement the Structurer interface")
    return structurer


def load_transcripts(path: str | Path) -> dict[str, TranscriptRecord]:
    return {record.id: record for record in read_models(path, TranscriptRecord, "transcript")}


def structure_item(
    structurer: Structurer, item: ManifestItem, transcript: TranscriptRecord | None
) -> dict[str, Any]:
    """One record; a failed transcript or a structurer error gives a failed record, never an
    exception."""
    base: dict[str, Any] = {"id": item.id, "structurer": structurer.name, "speaker": item.speaker}
    if transcript is None or transcript.status != "ok":
        error = "no transcript" if transcript is None else f"transcript failed: {transcript.error}"
        return StructureRecord(status="failed", error=error, **base).model_dump(exclude_none=True)
    language = transcript.language or item.language
    started = time.perf_counter()
    try:
        result = structurer.structure(transcript.text, language)
    except Exception as exc:
        log.exception("structure: %s failed", item.id)
        return StructureRecord(
            status="failed",
            error=f"{type(exc).__name__}: {exc}",
            transcript=transcript.text,
            language=language,
            latency_s=round(time.perf_counter() - started, 4),
            **base,
        ).model_dump(exclude_none=True)
    return StructureRecord(
        status="ok",
        warnings=result.warnings,
        method=result.method,
        language=language,
        transcript=transcript.text,
        cleaned=result.cleaned,
        description=result.description,
        corrections=result.corrections,
        latency_s=round(time.perf_counter() - started, 4),
        **base,
    ).model_dump(exclude_none=True)


def run(
    cfg: DictConfig, manifest: str | Path, transcripts: str | Path, out: str | Path
) -> StructureSummary:
    """`cfg` is the composed config (`structure` is used). Writes `out` (JSONL, one record per
    manifest item, failed ones included) and `<out>.summary.json`."""
    started = time.perf_counter()
    items = load_manifest(manifest)
    heard = load_transcripts(transcripts)
    journal = Journal(out, fingerprint(cfg.structure, file_digest(transcripts)))
    done = journal.load()
    todo = [item for item in items if item.id not in done]

    structurer = build_structurer(cfg)
    load_start = time.perf_counter()
    if todo:
        structurer.load()
    load_s = time.perf_counter() - load_start

    journal.process(
        todo, lambda chunk: [structure_item(structurer, i, heard.get(i.id)) for i in chunk], done,
        chunk_size=int(cfg.get("chunk_size", 16)), desc=f"structure: {structurer.name}",
        unit="item",
    )  # fmt: skip

    ordered = [done[item.id] for item in items]
    write_jsonl(out, ordered)
    summary = StructureSummary(
        structurer=structurer.name,
        items=len(items),
        failed=sum(r["status"] == "failed" for r in ordered),
        fell_back=sum(r.get("method") not in (None, structurer.name) for r in ordered),
        resumed=len(items) - len(todo),
        load_s=round(load_s, 3),
        wall_s=round(time.perf_counter() - started, 3),
    )
    write_json(f"{out}.summary.json", asdict(summary))
    journal.remove()
    return summary
