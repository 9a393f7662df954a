"""Stage `structure`: every transcript to a structured description, one structurer loaded once."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from omegaconf import DictConfig

from voice2image.config import build, fingerprint
from voice2image.files import file_digest, read_models
from voice2image.pipeline.engine import ItemRun, Summary, run_items
from voice2image.records import ManifestItem, StructureRecord, TranscriptRecord
from voice2image.structure.base import Structurer

log = logging.getLogger(__name__)


@dataclass
class StructureSummary(Summary):
    structurer: str
    items: int
    failed: int
    fell_back: int
    resumed: int
    load_s: float
    wall_s: float


def build_structurer(structure: DictConfig) -> Structurer:
    return build(structure, Structurer, "structurer")


def load_transcripts(path: str | Path) -> dict[str, TranscriptRecord]:
    return {record.id: record for record in read_models(path, TranscriptRecord, "transcript")}


def structure_item(
    structurer: Structurer,
    item_id: str,
    transcript: TranscriptRecord | None,
    language: str | None,
    speaker: str | None,
) -> StructureRecord:
    """One record; a failed transcript or a structurer error gives a failed record, never an
    exception. `language`: the item's, where the transcript names none (None: unknown). What
    the stage does per item, and the services per request."""
    if transcript is None or transcript.status != "ok":
        error = "no transcript" if transcript is None else f"transcript failed: {transcript.error}"
        return StructureRecord(
            id=item_id, status="failed", error=error, structurer=structurer.name, speaker=speaker
        )
    language = transcript.language or language
    started = time.perf_counter()
    try:
        result = structurer.structure(transcript.text, language)
    except Exception as exc:
        log.exception("structure: %s failed", item_id)
        return StructureRecord(
            id=item_id,
            status="failed",
            error=f"{type(exc).__name__}: {exc}",
            structurer=structurer.name,
            speaker=speaker,
            transcript=transcript.text,
            language=language,
            latency_s=round(time.perf_counter() - started, 4),
        )
    return StructureRecord(
        id=item_id,
        status="ok",
        warnings=result.warnings,
        structurer=structurer.name,
        method=result.method,
        language=language,
        speaker=speaker,
        transcript=transcript.text,
        cleaned=result.cleaned,
        description=result.description,
        corrections=result.corrections,
        latency_s=round(time.perf_counter() - started, 4),
    )


def run(
    structure: DictConfig,
    chunk_size: int,
    manifest: str | Path,
    transcripts: str | Path,
    out: str | Path,
) -> StructureSummary:
    """Writes `out` (JSONL, one StructureRecord per manifest item, failed ones included) and
    `<out>.summary.json`."""
    started = time.perf_counter()
    items = read_models(manifest, ManifestItem, "manifest")
    heard = load_transcripts(transcripts)
    structurer = build_structurer(structure)

    def structure_chunk(chunk: list[ManifestItem]) -> list[StructureRecord]:
        return [
            structure_item(structurer, item.id, heard.get(item.id), item.language, item.speaker)
            for item in chunk
        ]

    def summary(run: ItemRun[StructureRecord]) -> StructureSummary:
        return StructureSummary(
            structurer=structurer.name,
            items=len(items),
            failed=run.failed,
            fell_back=sum(r.method not in (None, structurer.name) for r in run.rows),
            resumed=run.resumed,
            load_s=run.load_s,
            wall_s=run.wall_s,
        )

    _, written = run_items(
        items, key=lambda item: item.id, work=structure_chunk, backend=structurer, out=out,
        row=StructureRecord, fingerprint=fingerprint(structure, file_digest(transcripts)),
        chunk_size=chunk_size, stage="structure", unit="item", summary=summary, started=started,
    )  # fmt: skip
    return written
