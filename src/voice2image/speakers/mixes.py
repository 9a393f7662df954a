"""Multi-speaker recordings made from the bundled voices, with who-spoke-when (RTTM): the
diarization test set the `prepare` stage writes beside the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from voice2image.audio import SAMPLE_RATE, load_audio, write_wav
from voice2image.files import atomic_write_text, write_rows
from voice2image.records import ManifestItem, MixRecord


def _trim(samples: np.ndarray, floor: float = 0.02) -> np.ndarray:
    """Cut leading and trailing silence (peak-relative), so RTTM turns are the speech."""
    loud = np.flatnonzero(np.abs(samples) > floor * (np.max(np.abs(samples)) or 1.0))
    return samples[loud[0] : loud[-1] + 1] if len(loud) else samples


def build_mixes(rows: list[ManifestItem], root: Path, cfg: Any) -> list[MixRecord]:
    """`cfg` (dataset.mixes): count, speakers (per mix), turns, seed. Voices take turns with
    0.2-0.8 s pauses; each mix's RTTM lists the speech of every turn. Writes
    `root/mixes/<id>.wav|.rttm` and `root/mixes/mixes.jsonl`."""
    rng = np.random.default_rng(int(cfg.get("seed", 0)))
    by_voice: dict[str, list[ManifestItem]] = {}
    for row in rows:
        if row.source == "synthetic" and row.language == "en":
            by_voice.setdefault(row.speaker, []).append(row)
    voices = sorted(by_voice)
    per_mix = min(int(cfg.get("speakers", 2)), len(voices))
    mixes: list[MixRecord] = []
    if per_mix < 2:
        return mixes
    for number in range(int(cfg.get("count", 4))):
        mix_id = f"mix_{number + 1:02d}"
        chosen = [voices[i] for i in rng.choice(len(voices), per_mix, replace=False)]
        pieces, turns, cursor = [], [], 0
        for turn in range(int(cfg.get("turns", 6))):
            voice = chosen[turn % per_mix]
            row = by_voice[voice][int(rng.integers(len(by_voice[voice])))]
            speech = _trim(load_audio(root / row.audio).samples)
            pause = np.zeros(int(rng.uniform(0.2, 0.8) * SAMPLE_RATE), dtype=np.float32)
            cursor += len(pause)
            turns.append((cursor / SAMPLE_RATE, len(speech) / SAMPLE_RATE, voice))
            pieces += [pause, speech]
            cursor += len(speech)
        audio = np.concatenate(pieces)
        write_wav(root / "mixes" / f"{mix_id}.wav", audio)
        rttm = "".join(
            f"SPEAKER {mix_id} 1 {start:.3f} {length:.3f} <NA> <NA> {voice} <NA> <NA>\n"
            for start, length, voice in turns
        )
        atomic_write_text(root / "mixes" / f"{mix_id}.rttm", rttm)
        mixes.append(
            MixRecord(
                id=mix_id,
                audio=f"mixes/{mix_id}.wav",
                rttm=f"mixes/{mix_id}.rttm",
                speakers=chosen,
                duration_s=round(len(audio) / SAMPLE_RATE, 3),
            )
        )
    write_rows(root / "mixes" / "mixes.jsonl", mixes)
    return mixes
