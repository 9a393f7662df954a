"""Stage `prepare`: speak the written descriptions with several voices and gather real speech,
or take a folder of one's own recordings (`dataset.path`), into 16 kHz WAVs and one JSONL
manifest."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from omegaconf import DictConfig
from tqdm import tqdm

from voice2image.audio import SAMPLE_RATE, AudioError, AudioLimits, resample, write_wav
from voice2image.audio_formats import read_audio_file
from voice2image.config import build, fingerprint
from voice2image.corpora import real_clips
from voice2image.descriptions import all_files, load_by_split
from voice2image.files import Journal, file_digest, write_json, write_rows
from voice2image.own_recordings import find_recordings, recordings
from voice2image.records import ManifestItem
from voice2image.schema import Description
from voice2image.tts import Voice

log = logging.getLogger(__name__)

# Written beside the manifest: which data set config (and description files) made this folder.
STAMP = "dataset.json"


@dataclass
class PrepareOutputs:
    manifest: Path
    items: int
    failed: list[dict[str, str]]


def _normalise(samples: np.ndarray, rate: int) -> np.ndarray:
    """16 kHz, peak at -1 dBFS, so every voice reaches the recogniser at the same level."""
    if rate != SAMPLE_RATE:
        samples = resample(samples, rate, SAMPLE_RATE)
    peak = float(np.max(np.abs(samples))) or 1.0
    return (samples * (0.89 / peak)).astype(np.float32)


Split = str | None


def _select(
    descriptions: list[tuple[Split, Description]], limit: int | None
) -> list[tuple[Split, Description]]:
    """At most `limit` descriptions per split and language, in file order."""
    if limit is None:
        return descriptions
    kept: dict[tuple[Split, str], int] = {}
    selected = []
    for split, item in descriptions:
        key = (split, item.language)
        if kept.get(key, 0) < limit:
            kept[key] = kept.get(key, 0) + 1
            selected.append((split, item))
    return selected


def dataset_fingerprint(cfg: DictConfig) -> str:
    """The `dataset` section and the contents of its description files (and of its folder of
    recordings: names, sizes, times): the same fingerprint means the same clips."""
    digests: list[Any] = [file_digest(path) for path in all_files(cfg.descriptions)]
    if cfg.get("path"):
        for path in find_recordings(cfg.path):
            stat = path.stat()
            sidecar = path.with_suffix(".txt")
            text = sidecar.read_text(encoding="utf-8") if sidecar.is_file() else None
            digests.append([str(path), stat.st_size, stat.st_mtime_ns, text])
    if cfg.get("references"):
        digests.append(file_digest(cfg.references))
    return fingerprint(cfg, digests)


def made_from(out_dir: str | Path, cfg: DictConfig) -> bool | None:
    """Whether `out_dir` holds the data set `cfg` describes: True or False from its stamp, None
    when it has none (a manifest made by hand, or by a version before the stamp)."""
    stamp = Path(out_dir) / STAMP
    if not stamp.exists():
        return None
    try:
        stamped = json.loads(stamp.read_text(encoding="utf-8")).get("fingerprint")
    except (json.JSONDecodeError, AttributeError):
        return False  # unreadable: treat as another data set's, never as this one
    return bool(stamped == dataset_fingerprint(cfg))


def _spoken(
    jobs: list[tuple[Split, Description, Voice]],
    out_dir: Path,
    journal: Journal[ManifestItem],
    failed: list[dict[str, str]],
) -> list[ManifestItem]:
    """Each description in each voice of its language, journaled clip by clip (a rerun keeps
    what is done); a voice that fails on an item fails that item alone."""
    done = journal.load()
    rows: list[ManifestItem] = []
    for split, description, voice in tqdm(jobs, desc="prepare: synthesize", unit="clip"):
        item_id = f"{description.id}__{voice.name}"
        if item_id in done:
            rows.append(done[item_id])
            continue
        relative = f"audio/{voice.name}/{description.id}.wav"
        try:
            samples = _normalise(*voice.synthesize(description.text))
        except Exception as exc:
            failed.append({"id": item_id, "error": f"{type(exc).__name__}: {exc}"})
            log.warning("prepare: %s failed: %s", item_id, exc)
            continue
        write_wav(out_dir / relative, samples)
        row = ManifestItem(
            id=item_id,
            audio=relative,
            language=description.language,
            speaker=voice.name,
            source="synthetic",
            reference=description.text,
            duration_s=round(len(samples) / SAMPLE_RATE, 3),
            description_id=description.id,
            translation=description.translation,
            split=split,
        )
        journal.append([row])
        rows.append(row)
    return rows


def _real_speech(
    corpora: list[str], out_dir: Path, failed: list[dict[str, str]]
) -> list[ManifestItem]:
    """The real recordings of each corpus (`corpora.real_clips`); a corpus that fails is
    recorded in `failed` with the clips it gave before."""
    rows: list[ManifestItem] = []
    for corpus in tqdm(corpora, desc="prepare: real speech"):
        try:
            for clip in real_clips(corpus):
                relative = f"audio/real/{clip.id}.wav"
                write_wav(out_dir / relative, clip.samples)
                rows.append(
                    ManifestItem(
                        id=clip.id,
                        audio=relative,
                        language=clip.language,
                        speaker=clip.speaker,
                        source="real",
                        reference=clip.reference,
                        duration_s=round(len(clip.samples) / SAMPLE_RATE, 3),
                    )
                )
        except Exception as exc:
            failed.append({"id": corpus, "error": f"{type(exc).__name__}: {exc}"})
            log.warning("prepare: corpus %s failed: %s", corpus, exc)
    return rows


def _own_recordings(
    cfg: DictConfig, out_dir: Path, failed: list[dict[str, str]]
) -> list[ManifestItem]:
    """Every audio file under `cfg.path` (any container `audio_formats` reads) as a 16 kHz WAV
    and an item without gold; a file that cannot be decoded is a failure, the rest go on.
    Silence and length are left for transcribe to judge, item by item."""
    permissive = AudioLimits(max_duration_s=float("inf"), min_duration_s=0.0, silence_rms=0.0)
    language = str(cfg.get("language") or "und")  # ISO 639-2 "undetermined"
    rows: list[ManifestItem] = []
    for recording in tqdm(recordings(cfg.path, cfg.get("references")), desc="prepare: folder"):
        try:
            samples = read_audio_file(recording.path, permissive).samples
        except AudioError as exc:
            failed.append({"id": recording.id, "error": str(exc)})
            log.warning("prepare: %s", exc)
            continue
        relative = f"audio/own/{recording.id}.wav"
        write_wav(out_dir / relative, samples)
        rows.append(
            ManifestItem(
                id=recording.id,
                audio=relative,
                language=language,
                speaker="unknown",
                source="real",
                reference=recording.reference,
                duration_s=round(len(samples) / SAMPLE_RATE, 3),
            )
        )
    return rows


def run(cfg: DictConfig, out_dir: str | Path) -> PrepareOutputs:
    """`cfg` is the `dataset` section. Writes `out_dir/manifest.jsonl` and `out_dir/audio/`.
    A folder of recordings (`path`) is read whole on every run (decoding is quick)."""
    out_dir = Path(out_dir)
    manifest_path = out_dir / "manifest.jsonl"
    descriptions = _select(load_by_split(cfg.descriptions), cfg.get("limit"))
    voices: dict[str, list[Voice]] = {
        language: [build(spec, Voice, f"voice {key}") for key, spec in voice_specs.items()]
        for language, voice_specs in (cfg.get("voices") or {}).items()
    }
    journal = Journal(manifest_path, fingerprint(cfg), ManifestItem)
    failed: list[dict[str, str]] = []
    jobs = [(split, d, v) for split, d in descriptions for v in voices.get(d.language, [])]
    rows = _spoken(jobs, out_dir, journal, failed)
    rows += _real_speech(list(cfg.get("real_speech") or []), out_dir, failed)
    if cfg.get("path"):
        rows += _own_recordings(cfg, out_dir, failed)
    if cfg.get("mixes"):  # multi-voice recordings with RTTM, for diarization (issue 5)
        from voice2image.speakers.mixes import build_mixes

        build_mixes(rows, out_dir, cfg.mixes)
    # Hashed from the files written (journaled clips included): what a reader gets.
    rows = [row.model_copy(update={"sha256": file_digest(out_dir / row.audio)}) for row in rows]
    write_rows(manifest_path, rows)
    write_json(out_dir / "failures.json", failed)
    write_json(out_dir / STAMP, {"name": cfg.name, "fingerprint": dataset_fingerprint(cfg)})
    journal.remove()
    return PrepareOutputs(manifest_path, len(rows), failed)
