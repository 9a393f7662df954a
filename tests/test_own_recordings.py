"""`dataset=folder dataset.path=DIR`: a folder of one's own recordings in the containers phones
and browsers make, as items without gold, through prepare, transcribe (real faster-whisper
tiny.en) and evaluate, whose metrics say plainly which scores need references."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from voice2image.audio import write_wav
from voice2image.corpora import cards, goforward, librivox
from voice2image.evaluation.speaker import identification_scores
from voice2image.evaluation.text import text_metrics
from voice2image.files import read_jsonl
from voice2image.own_recordings import item_id, recordings, references_csv
from voice2image.pipeline import evaluate_asr, prepare, transcribe

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is a dependency")


def encode(samples: np.ndarray, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    wav = out.with_suffix(".tmp.wav")
    write_wav(wav, samples)
    subprocess.run(["ffmpeg", "-y", "-loglevel", "error", "-i", str(wav), str(out)], check=True)
    wav.unlink()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real speech as m4a (with a sidecar reference), mp3 and ogg in nested folders, plus what
    must not become an item: a note, a hidden folder, and a broken recording."""
    root = tmp_path_factory.mktemp("recordings")
    encode(next(goforward()).samples, root / "trip" / "day 1.m4a")
    (root / "trip" / "day 1.txt").write_text("go forward ten meters\n")
    encode(next(librivox()).samples, root / "reading.mp3")
    encode(next(cards()).samples, root / "phone" / "cards.ogg")
    (root / "notes.txt").write_text("shopping list\n")
    encode(next(goforward()).samples, root / ".cache" / "copy.webm")
    (root / "broken.webm").write_bytes(b"\x1a\x45\xdf\xa3 not really a webm file")
    return root


def test_recordings_found_recursively_with_sidecar_and_csv_references(
    folder: Path, tmp_path: Path
) -> None:
    table = tmp_path / "refs.csv"
    table.write_text("file,reference\nreading.mp3,a reading\ntrip/day 1.m4a,ignored\n")
    assert references_csv(table) == {"reading.mp3": "a reading", "trip/day 1.m4a": "ignored"}
    found = {r.id: r for r in recordings(folder, table)}
    assert sorted(found) == ["broken", "phone__cards", "reading", "trip__day_1"]
    assert found["trip__day_1"].reference == "go forward ten meters"  # the sidecar wins
    assert found["reading"].reference == "a reading"
    assert found["phone__cards"].reference is None
    assert item_id(Path("a/b.m4a"), {"a__b"}) == "a__b_m4a"  # a.wav beside a.m4a
    bad = tmp_path / "bad.csv"
    bad.write_text("path,text\nx.wav,y\n")
    with pytest.raises(ValueError, match="needs the columns file and reference"):
        references_csv(bad)


def test_folder_dataset_prepares_transcribes_and_reports_what_needs_references(
    compose_cfg, folder: Path, tmp_path: Path
) -> None:
    cfg = compose_cfg("dataset=folder", f"dataset.path={folder}")
    out = prepare.run(cfg.dataset, tmp_path / "prepared")
    assert [f["id"] for f in out.failed] == ["broken"]
    assert "broken.webm: cannot decode webm audio" in out.failed[0]["error"]
    rows = {row["id"]: row for row in read_jsonl(out.manifest)}
    assert sorted(rows) == ["phone__cards", "reading", "trip__day_1"]
    assert rows["trip__day_1"]["reference"] == "go forward ten meters"
    assert rows["reading"]["reference"] is None and rows["reading"]["language"] == "und"
    assert all(row["split"] is None and row["speaker"] == "unknown" for row in rows.values())
    # The stamp tells this folder's clips from another data set's; a changed folder re-prepares.
    assert prepare.made_from(tmp_path / "prepared", cfg.dataset) is True

    transcripts = tmp_path / "transcripts.jsonl"
    transcribe.run(cfg.asr, cfg.hardware, cfg.audio, cfg.seed, cfg.chunk_size, out.manifest,
                   transcripts)  # fmt: skip
    metrics = evaluate_asr.run(cfg.asr, cfg.seed, out.manifest, transcripts, tmp_path / "metrics")[
        "asr"
    ]
    assert metrics["items"] == 3 and metrics["failed"] == 0
    assert metrics["by_language"]["und"]["n"] == 1  # only the item with a reference has a WER
    assert metrics["wer"] is not None and metrics["wer"] < 0.5
    assert metrics["rtf"] and metrics["latency"] and metrics["stage"]["wall_over_audio"] > 0
    plain = metrics["without_reference"]
    assert plain["items"] == 2 and plain["with_reference"] == 1
    assert plain["detected_language"] == {"en": 3}
    assert plain["note"].startswith("WER and CER need reference transcripts: 2 of 3 items")
    on_disk = json.loads((tmp_path / "metrics" / "asr.json").read_text())
    assert on_disk["asr"]["without_reference"]["note"] == plain["note"]

    (folder / "phone" / "cards.txt").write_text("a reference added later\n")
    try:
        assert prepare.made_from(tmp_path / "prepared", cfg.dataset) is False
    finally:
        (folder / "phone" / "cards.txt").unlink()


def test_text_and_speaker_metrics_without_gold_say_so() -> None:
    manifest = [
        {"id": "a", "language": "und", "speaker": "unknown", "description_id": None},
        {"id": "b", "language": "und", "speaker": "unknown", "description_id": None},
    ]
    structured = {i: {"id": i, "status": "ok", "latency_s": 0.01} for i in "ab"}
    prompts = {
        "a": {"id": "a", "status": "ok", "prompt": "a cat", "prompt_tokens": 4, "truncated": False},
        "b": {
            "id": "b",
            "status": "ok",
            "prompt": "x " * 90,
            "prompt_tokens": 77,
            "truncated": True,
        },
    }
    metrics, _ = text_metrics(manifest, {}, structured, prompts)
    assert "slots" not in metrics and metrics["truncation_rate"] == 0.5
    assert metrics["prompt_tokens"]["mean"] == 40.5
    assert metrics["needs_reference"].startswith("slot scores, count accuracy")

    identified = [
        {"id": "a", "status": "ok", "true_speaker": "unknown", "speaker": "alice", "score": 0.8},
        {"id": "b", "status": "ok", "true_speaker": "unknown", "speaker": "unknown"},
    ]
    ident, items, _ = identification_scores(identified, {"a": "real", "b": "real"}, {"alice"},
                                            set())  # fmt: skip
    assert items == [] and "real" not in ident
    assert ident["without_reference"]["identified"] == {"alice": 1, "unknown": 1}


def test_own_descriptions_and_voices_prepare_and_enrol(compose_cfg, tmp_path: Path, caplog):
    """A data set of one's own: its own descriptions file and one voice. prepare speaks it;
    enroll enrols the bundled speaker whose voice it has and skips, with a warning, those whose
    voice or recordings it lacks."""
    from voice2image.pipeline import enroll
    from voice2image.speakers import SpeakerRegistry

    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- id: my_001\n  language: en\n  text: a red kite over a green hill\n"
        "  gold: {subjects: [{noun: kite, count: 1, attributes: [red]}], setting: green hill}\n"
    )
    cfg = compose_cfg(
        "dataset=smoke", f"dataset.descriptions=[{mine}]", "dataset.real_speech=[]",
        "dataset.mixes=null", "~dataset.voices.ru", "~dataset.voices.en.piper_joe",
        "~dataset.voices.en.festival_kal", "speaker=dvector",
    )  # fmt: skip
    out = prepare.run(cfg.dataset, tmp_path / "prepared")
    rows = read_jsonl(out.manifest)
    assert [(r["id"], r["split"], r["reference"]) for r in rows] == [
        ("my_001__flite_slt", None, "a red kite over a green hill")
    ]
    registry = tmp_path / "registry.sqlite"
    summary = enroll.run(
        cfg.speaker, cfg.dataset.voices, cfg.paths.presets, cfg.paths.speakers_config,
        out.manifest, tmp_path / "enrolment", registry,
    )  # fmt: skip
    assert list(summary["speakers"]) == ["flite_slt"]
    assert {"piper_joe", "festival_kal", "festival_ru"} <= set(summary["skipped"])
    assert "piper_joe: no voice 'piper_joe' in dataset.voices; not enrolled" in caplog.text
    assert [s.name for s in SpeakerRegistry(registry).speakers()] == ["flite_slt"]
