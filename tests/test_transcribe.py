"""The transcribe stage: failed items recorded, batches survive bad clips, reruns resume."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from omegaconf import open_dict

from conftest import tone
from scripted_engines import CrashingASR
from voice2image.files import read_jsonl
from voice2image.pipeline import transcribe


def run_stage(cfg, manifest, out):
    return transcribe.run(cfg.asr, cfg.hardware, cfg.audio, cfg.seed, cfg.chunk_size, manifest, out)


@pytest.fixture
def manifest(tmp_path):
    """Eight good clips and one of each kind of bad input."""
    rows = []

    def add(item_id, write):
        if write is not None:
            write(tmp_path / f"{item_id}.wav")
        rows.append(
            {
                "id": item_id,
                "audio": f"{item_id}.wav",
                "language": "en",
                "speaker": "tone",
                "source": "synthetic",
                "reference": f"reference of {item_id}",
                "duration_s": 1.0,
            }
        )

    for index in range(8):
        add(f"good{index}", lambda p: sf.write(p, tone(1.0), 16000))
    add("missing", None)
    add("silent", lambda p: sf.write(p, np.zeros(16000, np.float32), 16000))
    add("empty", lambda p: sf.write(p, np.zeros(0, np.float32), 16000))
    add("corrupt", lambda p: p.write_bytes(b"this is not audio"))
    add("stereo44k", lambda p: sf.write(p, tone(1.0, 44100, channels=2), 44100))
    path = tmp_path / "manifest.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def scripted(cfg, chunk_size=4, name="crashing"):
    with open_dict(cfg):
        cfg.asr = {"_target_": "scripted_engines.CrashingASR", "name": name}
        cfg.chunk_size = chunk_size
    return cfg


@pytest.fixture(autouse=True)
def reset_engine():
    CrashingASR.seen.clear()
    CrashingASR.crash_after = None
    CrashingASR.broken = set()


def test_bad_inputs_are_failed_items_and_the_rest_is_transcribed(compose_cfg, manifest, tmp_path):
    out = tmp_path / "out" / "transcripts.jsonl"
    summary = run_stage(compose_cfg("asr=reference"), manifest, out)
    records = {r["id"]: r for r in read_jsonl(out)}
    assert len(records) == 13 and summary.items == 13 and summary.failed == 4
    for bad, reason in [
        ("missing", "not found"),
        ("silent", "silent"),
        ("empty", "empty"),
        ("corrupt", "cannot read"),
    ]:
        assert records[bad]["status"] == "failed"
        assert reason in records[bad]["error"] and f"{bad}.wav" in records[bad]["error"]
    converted = records["stereo44k"]
    assert converted["status"] == "ok" and len(converted["warnings"]) == 2
    assert records["good3"]["text"] == "reference of good3"
    saved = json.loads(Path(f"{out}.summary.json").read_text())
    assert saved["items"] == 13 and saved["failed"] == 4 and saved["wall_s"] > 0


def test_an_engine_error_fails_only_its_clip(compose_cfg, manifest, tmp_path):
    CrashingASR.broken = {"good5"}
    out = tmp_path / "transcripts.jsonl"
    run_stage(scripted(compose_cfg()), manifest, out)
    records = {r["id"]: r for r in read_jsonl(out)}
    assert records["good5"]["status"] == "failed" and "engine error" in records["good5"]["error"]
    assert all(records[f"good{i}"]["status"] == "ok" for i in range(8) if i != 5)
    assert records["good4"]["text"] == "reference of good4"  # same chunk as the broken clip


def test_a_rerun_after_a_crash_does_not_redo_finished_items(compose_cfg, manifest, tmp_path):
    out = tmp_path / "transcripts.jsonl"
    CrashingASR.crash_after = 4  # dies in its second chunk
    with pytest.raises(KeyboardInterrupt):
        run_stage(scripted(compose_cfg()), manifest, out)
    assert not out.exists(), "no half-written output"
    first_run = list(CrashingASR.seen)
    CrashingASR.crash_after = None
    CrashingASR.seen.clear()
    summary = run_stage(scripted(compose_cfg()), manifest, out)
    assert summary.resumed == 4 and not set(first_run) & set(CrashingASR.seen)
    assert len(read_jsonl(out)) == 13
    assert not (tmp_path / "transcripts.jsonl.partial").exists()


def test_a_changed_config_does_not_reuse_journaled_results(compose_cfg, manifest, tmp_path):
    out = tmp_path / "transcripts.jsonl"
    CrashingASR.crash_after = 4
    with pytest.raises(KeyboardInterrupt):
        run_stage(scripted(compose_cfg()), manifest, out)
    CrashingASR.crash_after = None
    summary = run_stage(scripted(compose_cfg(), name="renamed"), manifest, out)
    assert summary.resumed == 0
