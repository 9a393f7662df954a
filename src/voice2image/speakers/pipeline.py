"""Stages `enroll` (the registry from data/speakers.yaml) and `identify` (who speaks in each
manifest item, their turns in long recordings, and the profile their pictures get)."""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from omegaconf import DictConfig
from tqdm import tqdm

from voice2image.audio import SAMPLE_RATE, load_audio, write_wav
from voice2image.config import build
from voice2image.files import read_models, write_json, write_jsonl
from voice2image.records import ManifestItem
from voice2image.speakers.core import SpeakerSettings, enroll_clips, load_embedder, speech_of
from voice2image.speakers.diarization import diarize
from voice2image.speakers.registry import SpeakerProfile, SpeakerRegistry

log = logging.getLogger(__name__)


@dataclass
class SpeakerSpec:
    name: str
    profile: SpeakerProfile
    voice: str | None = None
    items: tuple[str, ...] = ()


def load_speakers(path: str | Path) -> tuple[dict[str, list[str]], list[SpeakerSpec]]:
    """data/speakers.yaml: enrolment sentences by language, and the speakers."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: speakers file not found") from None
    specs = []
    for name, entry in (raw.get("speakers") or {}).items():
        entry = dict(entry or {})
        voice, items = entry.pop("voice", None), tuple(entry.pop("items", None) or ())
        if bool(voice) == bool(items):
            raise ValueError(f"{path}: speaker '{name}' needs either voice: or items:")
        try:
            profile = SpeakerProfile.from_dict(entry)
        except ValueError as exc:
            raise ValueError(f"{path}: speaker '{name}': {exc}") from None
        specs.append(SpeakerSpec(str(name), profile, voice, items))
    return {k: list(v) for k, v in (raw.get("sentences") or {}).items()}, specs


def enrolment_items(path: str | Path) -> set[str]:
    """Manifest items used to enrol someone: identification scores leave them out."""
    return {item for spec in load_speakers(path)[1] for item in spec.items}


def _voice_clips(
    spec: SpeakerSpec, dataset: DictConfig, sentences: dict[str, list[str]], out_dir: Path
) -> list[Path]:
    found = [(lang, voices) for lang, voices in dataset.voices.items() if spec.voice in voices]
    if not found:
        raise ValueError(f"speaker '{spec.name}': no voice '{spec.voice}' in dataset.voices")
    language, voices = found[0]
    voice = build(voices[spec.voice], f"voice {spec.voice}")
    if not sentences.get(language):
        raise ValueError(f"no enrolment sentences for language '{language}'")
    clips = []
    for number, text in enumerate(sentences[language], start=1):
        samples, rate = voice.synthesize(text)
        if rate != SAMPLE_RATE:
            from voice2image.audio import resample

            samples = resample(samples, rate, SAMPLE_RATE)
        samples = samples * (0.89 / (float(np.max(np.abs(samples))) or 1.0))
        clip = out_dir / spec.name / f"enrol_{number}.wav"
        write_wav(clip, samples)
        clips.append(clip)
    return clips


def enroll_run(
    cfg: DictConfig,
    speakers_file: str | Path,
    manifest: str | Path,
    enrolment_dir: str | Path,
    registry_path: str | Path,
) -> dict[str, Any]:
    """Enrol the bundled speakers into the registry: in a copy of it (a temporary file,
    renamed over `registry_path` only when every speaker is in), replacing their earlier
    embeddings and profiles. Speakers someone enrolled by hand (`voice2image speakers enroll`)
    are kept: the registry is a persistent DVC output, so a rerun never drops a person.
    `cfg`: the composed config (`speaker`, `dataset`, presets)."""
    from voice2image.enrich.basic import load_presets

    sentences, specs = load_speakers(speakers_file)
    presets = load_presets(str(cfg.speaker.get("presets", "data/presets.yaml")))
    for spec in specs:
        if spec.profile.preset and spec.profile.preset not in presets:
            raise ValueError(f"{speakers_file}: speaker '{spec.name}': unknown preset "
                             f"'{spec.profile.preset}'")  # fmt: skip
    rows = {row.id: row for row in read_models(manifest, ManifestItem, "manifest")}
    settings = SpeakerSettings.from_config(cfg.speaker)
    embedder = load_embedder(cfg.speaker)
    target = Path(registry_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    os.unlink(tmp)
    bundled = {spec.name for spec in specs}
    kept: list[str] = []
    if target.exists():  # a corrupt registry stops here, named, and stays untouched
        kept = [s.name for s in SpeakerRegistry(target).speakers() if s.name not in bundled]
        with sqlite3.connect(target) as source, sqlite3.connect(tmp) as copy:
            source.backup(copy)
        source.close()
        copy.close()
    summary: dict[str, Any] = {
        "embedder": embedder.name,
        "speakers": {},
        "kept": kept,
        "skipped": [],
    }
    try:
        registry = SpeakerRegistry(tmp)
        for spec in tqdm(specs, desc="enroll", unit="speaker"):
            if spec.voice:
                clips = _voice_clips(spec, cfg.dataset, sentences, Path(enrolment_dir))
            else:
                missing = [i for i in spec.items if i not in rows]
                if len(missing) == len(spec.items):
                    # a data set without this recording (`smoke` has no LibriVox, say)
                    log.warning("enroll: %s: none of their items are in %s; not enrolled",
                                spec.name, manifest)  # fmt: skip
                    summary["skipped"].append(spec.name)
                    continue
                if missing:
                    raise ValueError(f"speaker '{spec.name}': not in the manifest: {missing}")
                clips = [Path(manifest).parent / rows[i].audio for i in spec.items]
            done = enroll_clips(
                registry, spec.name, list(clips), embedder, settings, spec.profile, replace=True
            )
            summary["speakers"][spec.name] = {
                "clips": done.speaker.clips,
                "speech_s": done.speaker.speech_s,
                "preset": spec.profile.preset,
                "warnings": done.warnings,
            }
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    write_json(f"{target}.summary.json", summary)
    return summary


def identify_item(
    item: ManifestItem,
    root: Path,
    embedder: Any,
    registry: SpeakerRegistry,
    settings: SpeakerSettings,
    diarize_over_s: float,
) -> dict[str, Any]:
    """One item's speaker (or unknown), the similarity to every enrolled speaker, and for
    recordings longer than `diarize_over_s` its turns; the main speaker is the one who
    speaks longest."""
    base: dict[str, Any] = {"id": item.id, "true_speaker": item.speaker}
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
            base["turns"] = [asdict(turn) for turn in turns]
            scores = [t.score for t in turns if t.speaker == main and t.score is not None]
            found_name, score = (main if enrolled else None), (scores[0] if scores else 0.0)
            base["scores"] = {}
        else:
            vector = embedder.embed(speech_of(audio, settings.vad), SAMPLE_RATE)
            names, matrix = registry.centroids(embedder.name)
            similarity = matrix @ vector if names else np.zeros(0)
            base["scores"] = {n: round(float(s), 4) for n, s in zip(names, similarity, strict=True)}
            found = registry.identify(vector, embedder.name, settings.threshold)
            found_name, score = found.name, found.score
    except Exception as exc:
        log.warning("identify: %s failed: %s", item.id, exc)
        return {**base, "status": "failed", "error": f"{type(exc).__name__}: {exc}",
                "speaker": "unknown"}  # fmt: skip
    base.update(
        status="ok",
        speaker=found_name or "unknown",
        score=round(float(score), 4),
        latency_s=round(time.perf_counter() - started, 4),
        audio_s=round(len(audio) / SAMPLE_RATE, 3),
    )
    return base


def identify_run(
    cfg: DictConfig, manifest: str | Path, registry_path: str | Path, out: str | Path
) -> dict[str, Any]:
    """Label every manifest item with its identified speaker and that speaker's profile."""
    started = time.perf_counter()
    items = read_models(manifest, ManifestItem, "manifest")
    settings = SpeakerSettings.from_config(cfg.speaker)
    embedder = load_embedder(cfg.speaker)
    registry = SpeakerRegistry(registry_path)
    profiles = registry.profiles()
    over = float(cfg.speaker.get("diarize_over_s", 20.0))
    rows = []
    for item in tqdm(items, desc=f"identify: {embedder.name}", unit="clip"):
        row = identify_item(item, Path(manifest).parent, embedder, registry, settings, over)
        profile = profiles.get(row["speaker"])
        row["profile"] = asdict(profile) if profile else None
        rows.append(row)
    write_jsonl(out, rows)
    ok = [r for r in rows if r["status"] == "ok"]
    summary = {
        "embedder": embedder.name,
        "items": len(rows),
        "failed": len(rows) - len(ok),
        "unknown": sum(r["speaker"] == "unknown" for r in ok),
        "wall_s": round(time.perf_counter() - started, 3),
    }
    write_json(f"{out}.summary.json", summary)
    return summary
