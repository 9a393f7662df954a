"""Stage `identify`: who speaks in each manifest item (and when, in long recordings), and the
profile their pictures get."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from omegaconf import DictConfig

from voice2image.audio import SAMPLE_RATE, load_audio
from voice2image.config import fingerprint
from voice2image.files import file_digest, read_models
from voice2image.pipeline.engine import ItemRun, Summary, run_items
from voice2image.records import IdentifyRecord, ManifestItem
from voice2image.speakers.core import SpeakerSettings, load_embedder, speech_of
from voice2image.speakers.diarization import diarize
from voice2image.speakers.registry import SpeakerRegistry

log = logging.getLogger(__name__)


@dataclass
class IdentifySummary(Summary):
    embedder: str
    items: int
    failed: int
    unknown: int
    wall_s: float


def identify_item(
    item: ManifestItem,
    root: Path,
    embedder: Any,
    registry: SpeakerRegistry,
    settings: SpeakerSettings,
    diarize_over_s: float,
) -> IdentifyRecord:
    """One item's speaker (or unknown), the similarity to every enrolled speaker, and for
    recordings longer than `diarize_over_s` its turns; the main speaker is the one who
    speaks longest. The speaker's profile is the caller's to add."""
    started = time.perf_counter()
    try:
        audio = load_audio(root / item.audio).samples
        if len(audio) / SAMPLE_RATE > diarize_over_s:
            turns = diarize(audio, SAMPLE_RATE, embedder, registry, None, settings.threshold,
                            settings.vad, settings.diarize)  # fmt: skip
            talk: dict[str, float] = {}
            for turn in turns:
                talk[turn.speaker] = talk.get(turn.speaker, 0.0) + turn.end - turn.start
            main = max(talk, key=lambda name: talk[name]) if talk else None
            enrolled = main is not None and not main.startswith("speaker_")
            scores = [t.score for t in turns if t.speaker == main and t.score is not None]
            found_name, score = (main if enrolled else None), (scores[0] if scores else 0.0)
            heard: dict[str, Any] = {"turns": turns, "scores": {}}
        else:
            vector = embedder.embed(speech_of(audio, settings.vad), SAMPLE_RATE)
            names, matrix = registry.centroids(embedder.name)
            similarity = matrix @ vector if names else np.zeros(0)
            by_name = {n: round(float(s), 4) for n, s in zip(names, similarity, strict=True)}
            found = registry.identify(vector, embedder.name, settings.threshold)
            found_name, score = found.name, found.score
            heard = {"scores": by_name}
    except Exception as exc:
        log.warning("identify: %s failed: %s", item.id, exc)
        return IdentifyRecord(
            id=item.id, true_speaker=item.speaker, status="failed",
            error=f"{type(exc).__name__}: {exc}",
        )  # fmt: skip
    return IdentifyRecord(
        id=item.id,
        true_speaker=item.speaker,
        status="ok",
        speaker=found_name or "unknown",
        score=round(float(score), 4),
        latency_s=round(time.perf_counter() - started, 4),
        audio_s=round(len(audio) / SAMPLE_RATE, 3),
        **heard,
    )


def run(
    speaker: DictConfig,
    chunk_size: int,
    manifest: str | Path,
    registry_path: str | Path,
    out: str | Path,
) -> IdentifySummary:
    """Label every manifest item with its identified speaker and that speaker's profile;
    writes `out` (one IdentifyRecord per item) and `<out>.summary.json`."""
    started = time.perf_counter()
    items = read_models(manifest, ManifestItem, "manifest")
    settings = SpeakerSettings.from_config(speaker)
    embedder = load_embedder(speaker)
    registry = SpeakerRegistry(registry_path)
    profiles = registry.profiles()
    over = float(speaker.get("diarize_over_s", 20.0))
    root = Path(manifest).parent

    def identify_chunk(chunk: list[ManifestItem]) -> list[IdentifyRecord]:
        rows = [identify_item(item, root, embedder, registry, settings, over) for item in chunk]
        return [row.model_copy(update={"profile": profiles.get(row.speaker)}) for row in rows]

    def summary(run: ItemRun[IdentifyRecord]) -> IdentifySummary:
        ok = [row for row in run.rows if row.status == "ok"]
        return IdentifySummary(
            embedder=embedder.name,
            items=len(run.rows),
            failed=len(run.rows) - len(ok),
            unknown=sum(row.speaker == "unknown" for row in ok),
            wall_s=run.wall_s,
        )

    digests = (file_digest(manifest), file_digest(registry_path))
    _, written = run_items(
        items, key=lambda item: item.id, work=identify_chunk, backend=embedder, out=out,
        row=IdentifyRecord, fingerprint=fingerprint(speaker, *digests), chunk_size=chunk_size,
        stage="identify", unit="clip", summary=summary, started=started,
    )  # fmt: skip
    return written
