"""Stage `transcribe`: every manifest clip through one ASR engine, loaded once."""

from __future__ import annotations

import logging
import resource
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from voice2image.asr.base import ASREngine, AudioClip, TimedTranscription
from voice2image.audio import AudioError, AudioLimits, load_audio
from voice2image.config import build, fingerprint
from voice2image.files import (
    Journal,
    file_digest,
    read_models,
    write_json,
    write_jsonl,
)
from voice2image.hardware import HardwareProfile
from voice2image.records import ManifestItem, TranscriptRecord
from voice2image.seeding import seed_everything

log = logging.getLogger(__name__)


@dataclass
class TranscribeSummary:
    engine: str
    items: int
    failed: int
    resumed: int
    audio_s: float
    load_s: float
    wall_s: float
    peak_rss_mb: float

    @property
    def wall_over_audio(self) -> float:
        return self.wall_s / self.audio_s if self.audio_s else 0.0


def load_manifest(path: str | Path) -> list[ManifestItem]:
    return read_models(path, ManifestItem, "manifest")


def build_engine(cfg: DictConfig) -> ASREngine:
    hardware = HardwareProfile(**cfg.hardware)
    engine = build(cfg.asr, "ASR engine", hardware=hardware, _convert_="object")
    if not isinstance(engine, ASREngine):
        raise ValueError(f"{cfg.asr._target_} does not implement the ASREngine interface")
    return engine


def _record(
    item: ManifestItem, engine: str, timed: TimedTranscription, warnings: list[str]
) -> dict[str, Any]:
    result = timed.transcription
    return TranscriptRecord(
        id=item.id,
        status="ok",
        engine=engine,
        warnings=warnings,
        text=result.text,
        language=result.language,
        language_probability=result.language_probability,
        segments=result.segments,
        audio_s=item.duration_s,
        latency_s=round(timed.latency_s, 4),
        rtf=round(timed.latency_s / item.duration_s, 4) if item.duration_s else 0.0,
        batch_size=timed.batch_size,
    ).model_dump(exclude_none=True)


def _failure(item: ManifestItem, engine: str, error: str) -> dict[str, Any]:
    return TranscriptRecord(id=item.id, status="failed", engine=engine, error=error).model_dump(
        exclude_none=True
    )


def _transcribe_chunk(
    engine: ASREngine, clips: list[tuple[AudioClip, list[str]]]
) -> list[dict[str, Any]]:
    """One engine call for the chunk; if it fails, clip by clip, so one bad clip fails alone."""
    try:
        timed = engine.transcribe([clip for clip, _ in clips])
        return [_record(c.item, engine.name, t, w) for (c, w), t in zip(clips, timed, strict=True)]
    except Exception:
        if len(clips) == 1:
            clip = clips[0][0]
            log.exception("transcribe: %s failed", clip.item.id)
            return [_failure(clip.item, engine.name, "engine error, see the stage log")]
    return [record for one in clips for record in _transcribe_chunk(engine, [one])]


def transcribe_clips(
    engine: ASREngine, clips: list[tuple[AudioClip, list[str]]]
) -> list[dict[str, Any]]:
    """TranscriptRecord dicts for loaded clips (with their audio warnings), one engine call; a
    failing clip fails alone. What the stage does per chunk, for callers outside it."""
    return _transcribe_chunk(engine, clips)


def run(cfg: DictConfig, manifest: str | Path, out: str | Path) -> TranscribeSummary:
    """`cfg` holds `asr`, `hardware` and `audio`. Writes `out` (JSONL, one record per item,
    failed items included) and `<out>.summary.json`."""
    started = time.perf_counter()
    manifest = Path(manifest)
    items = load_manifest(manifest)
    limits = AudioLimits(**cfg.audio)
    journal = Journal(out, fingerprint(cfg.asr, cfg.hardware, cfg.audio, file_digest(manifest)))
    done = journal.load()
    todo = [item for item in items if item.id not in done]

    seed_everything(int(cfg.seed))
    engine = build_engine(cfg)
    load_start = time.perf_counter()
    if todo:
        engine.load()
    load_s = time.perf_counter() - load_start

    def transcribe_chunk(chunk: list[ManifestItem]) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        clips: list[tuple[AudioClip, list[str]]] = []
        for item in chunk:
            try:
                audio = load_audio(manifest.parent / item.audio, limits)
            except AudioError as exc:
                log.warning("transcribe: %s: %s", item.id, exc)
                records.append(_failure(item, engine.name, str(exc)))
                continue
            item = item.model_copy(update={"duration_s": round(audio.duration_s, 3)})
            clips.append((AudioClip(item, audio.samples), audio.warnings))
        return records + (_transcribe_chunk(engine, clips) if clips else [])

    journal.process(
        todo, transcribe_chunk, done, chunk_size=int(cfg.get("chunk_size", 16)),
        desc=f"transcribe: {engine.name}", unit="clip",
    )  # fmt: skip

    ordered = [done[item.id] for item in items]
    write_jsonl(out, ordered)
    summary = TranscribeSummary(
        engine=engine.name,
        items=len(items),
        failed=sum(record["status"] == "failed" for record in ordered),
        resumed=len(items) - len(todo),
        audio_s=round(sum(item.duration_s for item in items), 3),
        load_s=round(load_s, 3),
        wall_s=round(time.perf_counter() - started, 3),
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    )
    write_json(
        f"{out}.summary.json", asdict(summary) | {"wall_over_audio": summary.wall_over_audio}
    )
    journal.remove()
    return summary
