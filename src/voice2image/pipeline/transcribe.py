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
from voice2image.config import build, fingerprint, to_plain
from voice2image.files import file_digest, read_models
from voice2image.pipeline.engine import ItemRun, Summary, run_items
from voice2image.records import ManifestItem, TranscriptRecord
from voice2image.seeding import seed_everything

log = logging.getLogger(__name__)


@dataclass
class TranscribeSummary(Summary):
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

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"wall_over_audio": self.wall_over_audio}


def load_manifest(path: str | Path) -> list[ManifestItem]:
    return read_models(path, ManifestItem, "manifest")


def build_engine(asr: DictConfig, hardware: DictConfig) -> ASREngine:
    return build(asr, ASREngine, "ASR engine", hardware=hardware)


def _record(
    clip: AudioClip, engine: str, timed: TimedTranscription, warnings: list[str]
) -> TranscriptRecord:
    result = timed.transcription
    duration_s = round(clip.duration_s, 3)
    return TranscriptRecord(
        id=clip.id,
        status="ok",
        engine=engine,
        warnings=warnings,
        text=result.text,
        language=result.language,
        language_probability=result.language_probability,
        decoded_by=result.decoded_by,
        segments=result.segments,
        audio_s=duration_s,
        latency_s=round(timed.latency_s, 4),
        rtf=round(timed.latency_s / duration_s, 4) if duration_s else 0.0,
        batch_size=timed.batch_size,
    )


def _failure(item_id: str, engine: str, error: str) -> TranscriptRecord:
    return TranscriptRecord(id=item_id, status="failed", engine=engine, error=error)


def transcribe_clips(
    engine: ASREngine, clips: list[tuple[AudioClip, list[str]]]
) -> list[TranscriptRecord]:
    """One engine call for loaded clips (with their audio warnings); if it fails, clip by clip,
    so one bad clip fails alone. What the stage does per chunk, and the services per upload."""
    try:
        timed = engine.transcribe([clip for clip, _ in clips])
        return [_record(c, engine.name, t, w) for (c, w), t in zip(clips, timed, strict=True)]
    except Exception:
        if len(clips) == 1:
            clip = clips[0][0]
            log.exception("transcribe: %s failed", clip.id)
            return [_failure(clip.id, engine.name, "engine error, see the stage log")]
    return [record for one in clips for record in transcribe_clips(engine, [one])]


def run(
    asr: DictConfig,
    hardware: DictConfig,
    audio: DictConfig,
    seed: int,
    chunk_size: int,
    manifest: str | Path,
    out: str | Path,
) -> TranscribeSummary:
    """Writes `out` (JSONL, one TranscriptRecord per manifest item, failed items included) and
    `<out>.summary.json`."""
    started = time.perf_counter()
    manifest = Path(manifest)
    items = load_manifest(manifest)
    limits = AudioLimits(**to_plain(audio))
    seed_everything(int(seed))
    engine = build_engine(asr, hardware)

    def transcribe_chunk(chunk: list[ManifestItem]) -> list[TranscriptRecord]:
        records: list[TranscriptRecord] = []
        clips: list[tuple[AudioClip, list[str]]] = []
        for item in chunk:
            try:
                loaded = load_audio(manifest.parent / item.audio, limits)
            except AudioError as exc:
                log.warning("transcribe: %s: %s", item.id, exc)
                records.append(_failure(item.id, engine.name, str(exc)))
                continue
            clips.append((AudioClip.of(item, loaded.samples), loaded.warnings))
        return records + (transcribe_clips(engine, clips) if clips else [])

    def summary(run: ItemRun[TranscriptRecord]) -> TranscribeSummary:
        return TranscribeSummary(
            engine=engine.name,
            items=len(items),
            failed=run.failed,
            resumed=run.resumed,
            audio_s=round(sum(item.duration_s for item in items), 3),
            load_s=run.load_s,
            wall_s=run.wall_s,
            peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        )

    _, written = run_items(
        items, key=lambda item: item.id, work=transcribe_chunk, backend=engine, out=out,
        row=TranscriptRecord, fingerprint=fingerprint(asr, hardware, audio, file_digest(manifest)),
        chunk_size=chunk_size, stage="transcribe", unit="clip", summary=summary, started=started,
    )  # fmt: skip
    return written
