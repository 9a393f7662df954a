"""Stage `enroll`: the registry of the bundled set's speakers (data/speakers.yaml), each with
their profile; people enrolled by hand stay."""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from omegaconf import DictConfig
from tqdm import tqdm

from voice2image.audio import SAMPLE_RATE, resample, write_wav
from voice2image.config import build
from voice2image.enrich.presets import load_presets
from voice2image.files import read_models, write_json
from voice2image.records import ManifestItem
from voice2image.speakers.core import SpeakerSettings, enroll_clips, load_embedder
from voice2image.speakers.registry import SpeakerRegistry
from voice2image.speakers.roster import SpeakerSpec, load_speakers
from voice2image.tts import Voice

log = logging.getLogger(__name__)


def _voice_clips(
    spec: SpeakerSpec, voices: DictConfig, sentences: dict[str, list[str]], out_dir: Path
) -> list[Path] | None:
    """Enrolment clips spoken by the speaker's voice; None when the data set has no such voice
    (a data set of one's own, with other voices or none)."""
    found = [(str(lang), specs) for lang, specs in (voices or {}).items() if spec.voice in specs]
    if not found:
        log.warning("enroll: %s: no voice '%s' in dataset.voices; not enrolled", spec.name,
                    spec.voice)  # fmt: skip
        return None
    language, specs = found[0]
    voice = build(specs[spec.voice], Voice, f"voice {spec.voice}")
    if not sentences.get(language):
        raise ValueError(f"no enrolment sentences for language '{language}'")
    clips = []
    for number, text in enumerate(sentences[language], start=1):
        samples, rate = voice.synthesize(text)
        if rate != SAMPLE_RATE:
            samples = resample(samples, rate, SAMPLE_RATE)
        samples = samples * (0.89 / (float(np.max(np.abs(samples))) or 1.0))
        clip = out_dir / spec.name / f"enrol_{number}.wav"
        write_wav(clip, samples)
        clips.append(clip)
    return clips


def _item_clips(
    spec: SpeakerSpec, rows: dict[str, ManifestItem], manifest: Path
) -> list[Path] | None:
    """The manifest clips a real speaker is enrolled from; None when the data set has none of
    them (`smoke` has no LibriVox, say) or only some (one's own folder that happens to hold
    one): the speakers file was written for another data set."""
    missing = [i for i in spec.items if i not in rows]
    if len(missing) == len(spec.items):
        log.warning("enroll: %s: none of their items are in %s; not enrolled", spec.name, manifest)
        return None
    if missing:
        log.warning("enroll: %s: %s not in %s; not enrolled", spec.name, ", ".join(missing),
                    manifest)  # fmt: skip
        return None
    return [manifest.parent / rows[i].audio for i in spec.items]


def _working_copy(target: Path, bundled: set[str]) -> tuple[str, list[str]]:
    """A temporary copy of the registry at `target` (a fresh path when there is none yet), and
    who in it is not a bundled speaker: people enrolled by hand, who stay."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    os.unlink(tmp)
    kept: list[str] = []
    if target.exists():  # a corrupt registry stops here, named, and stays untouched
        kept = [s.name for s in SpeakerRegistry(target).speakers() if s.name not in bundled]
        with sqlite3.connect(target) as source, sqlite3.connect(tmp) as copy:
            source.backup(copy)
        source.close()
        copy.close()
    return tmp, kept


def run(
    speaker: DictConfig,
    voices: DictConfig,
    presets: str | Path,
    speakers_file: str | Path,
    manifest: str | Path,
    enrolment_dir: str | Path,
    registry_path: str | Path,
) -> dict[str, Any]:
    """Enrol the bundled speakers into the registry: in a copy of it (a temporary file,
    renamed over `registry_path` only when every speaker is in), replacing their earlier
    embeddings and profiles. A speaker whose voice (`voice:`) or recordings (`items:`) the data
    set lacks is skipped with a warning; with nobody to enrol the registry is empty. Speakers
    someone enrolled by hand (`voice2image speakers enroll`) are kept: the registry is a
    persistent DVC output, so a rerun never drops a person.
    `voices`: `dataset.voices` (who speaks a synthetic speaker's sentences); `presets`: the
    style library the speakers' presets must name (`paths.presets`)."""
    sentences, specs = load_speakers(speakers_file)
    known = load_presets(presets)
    for spec in specs:
        if spec.profile.preset and spec.profile.preset not in known:
            raise ValueError(f"{speakers_file}: speaker '{spec.name}': unknown preset "
                             f"'{spec.profile.preset}'")  # fmt: skip
    rows = {row.id: row for row in read_models(manifest, ManifestItem, "manifest")}
    settings = SpeakerSettings.from_config(speaker)
    embedder = load_embedder(speaker)
    target = Path(registry_path)
    Path(enrolment_dir).mkdir(parents=True, exist_ok=True)  # a DVC output, even with no voices
    tmp, kept = _working_copy(target, {spec.name for spec in specs})
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
                clips = _voice_clips(spec, voices, sentences, Path(enrolment_dir))
            else:
                clips = _item_clips(spec, rows, Path(manifest))
            if clips is None:  # the data set lacks their voice or recordings
                summary["skipped"].append(spec.name)
                continue
            done = enroll_clips(
                registry, spec.name, list(clips), embedder, settings, spec.profile, replace=True
            )
            summary["speakers"][spec.name] = {
                "clips": done.speaker.clips,
                "speech_s": done.speaker.speech_s,
                "preset": spec.profile.preset,
                "warnings": done.warnings,
            }
        registry.create()  # no one enrolled, nobody kept: an empty registry, still a file
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    write_json(f"{target}.summary.json", summary)
    return summary
