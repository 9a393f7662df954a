"""Stage `evaluate_speaker`: EER and identification accuracy (bundled voices, real speakers),
DER on the real call and the multi-voice mixes, embedding latency -> `metrics/speaker.json`,
`speaker_items.jsonl`, a similarity plot."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from voice2image.audio import load_audio
from voice2image.evaluation.speaker import (
    der_summary,
    diarization_scores,
    embed_latency,
    identification_scores,
    pyannote_sample_rttm,
    similarity_png,
    turn_rows,
)
from voice2image.files import read_jsonl, read_models, write_json, write_jsonl
from voice2image.records import ManifestItem, MixRecord, TranscriptRecord
from voice2image.speakers.core import SpeakerSettings, load_embedder, speech_of
from voice2image.speakers.registry import SpeakerRegistry
from voice2image.speakers.roster import enrolment_items, load_speakers


def _segments(transcripts: str | Path | None) -> dict[str, list[tuple[float, float, str]]]:
    if not transcripts or not Path(transcripts).exists():
        return {}
    records = read_models(transcripts, TranscriptRecord, "transcript")
    return {r.id: [(s.start, s.end, s.text) for s in r.segments] for r in records}


def _recordings(items: list[ManifestItem], root: Path) -> list[tuple[str, Path, Path]]:
    """What diarization is scored on, with its reference RTTM: the real two-speaker call
    (pyannote's sample) and the multi-voice mixes `prepare` made."""
    recordings = []
    rttm = pyannote_sample_rttm()
    call = next((item for item in items if item.id == "pyannote_sample"), None)
    if rttm is not None and call is not None:
        recordings.append(("pyannote_sample", root / call.audio, rttm))
    mixes_file = root / "mixes" / "mixes.jsonl"
    mixes = read_models(mixes_file, MixRecord, "mix") if mixes_file.exists() else []
    return recordings + [(mix.id, root / mix.audio, root / mix.rttm) for mix in mixes]


def run(
    speaker: DictConfig,
    seed: int,
    manifest: str | Path,
    identified: str | Path,
    registry_path: str | Path,
    speakers_file: str | Path,
    transcripts: str | Path | None,
    metrics_dir: str | Path,
) -> dict[str, Any]:
    """-> speaker.json, speaker_items.jsonl, plots/speaker_similarity.png. `speakers_file`:
    who is enrolled, and with which items (left out of the scores); `seed`: the intervals'."""
    metrics_dir = Path(metrics_dir)
    root = Path(manifest).parent
    items = read_models(manifest, ManifestItem, "manifest")
    sources: dict[str, str] = {item.id: item.source for item in items}
    enrolled = {spec.name for spec in load_speakers(speakers_file)[1]}
    rows = read_jsonl(identified)
    descriptions = {item.id: item.description_id for item in items}
    ident, scored, trials = identification_scores(
        rows, sources, enrolled, enrolment_items(speakers_file), descriptions, seed
    )

    settings = SpeakerSettings.from_config(speaker)
    embedder = load_embedder(speaker)
    registry = SpeakerRegistry(registry_path)
    recordings = _recordings(items, root)
    diarization, turns_of = diarization_scores(recordings, embedder, registry, settings)
    diarization.update(der_summary(diarization["files"], seed))

    sample = speech_of(load_audio(root / items[0].audio).samples, settings.vad)
    latency = embed_latency(embedder, sample)
    ok = [r for r in rows if r["status"] == "ok" and r.get("audio_s")]
    latency["identify_rtf"] = round(
        sum(r["latency_s"] for r in ok) / max(sum(r["audio_s"] for r in ok), 1e-9), 4
    )
    metrics = {
        "speaker": {
            "embedder": embedder.name,
            "threshold": settings.threshold,
            "identification": ident,
            "diarization": diarization,
            "latency": latency,
            "load_avg_1m": round(os.getloadavg()[0], 2),
        }
    }
    write_json(metrics_dir / "speaker.json", metrics)
    turns = turn_rows(turns_of, _segments(transcripts))
    for row in turns:  # each diarized recording's DER: the items of the DER interval
        row["der"] = diarization["files"][row["id"]]["estimated"]["der"]
    write_jsonl(metrics_dir / "speaker_items.jsonl", [*scored, *turns])
    similarity_png(trials, f"Speaker similarity: {embedder.name}",
                   metrics_dir / "plots" / "speaker_similarity.png")  # fmt: skip
    return metrics
