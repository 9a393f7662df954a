"""Which prepared dataset the Hydra app reads: never another dataset's clips, never the DVC
pipeline's folder overwritten with another dataset. Real TTS (flite), one voice, few clips."""

from __future__ import annotations

import json
from pathlib import Path

from voice2image.app import prepared_manifest
from voice2image.files import file_digest
from voice2image.pipeline import prepare

# The smallest real dataset: one flite voice, no real speech, no multi-voice mixes.
SMALL = [
    "dataset.real_speech=[]", "dataset.mixes=null", "~dataset.voices.ru",
    "~dataset.voices.en.piper_joe", "~dataset.voices.en.festival_kal",
]  # fmt: skip


def item_ids(manifest) -> list[str]:
    return [json.loads(line)["id"] for line in manifest.read_text().splitlines()]


def test_another_dataset_gets_its_own_folder_and_the_shared_one_stays(compose_cfg, tmp_path):
    paths = [
        f"paths.prepared={tmp_path / 'prepared'}",
        f"paths.manifest={tmp_path / 'prepared' / 'manifest.jsonl'}",
        f"paths.app_prepared={tmp_path / 'outputs'}",
    ]
    demo = compose_cfg("dataset=demo", "dataset.limit=2", *SMALL, *paths)
    smoke = compose_cfg("dataset=smoke", "dataset.limit=1", *SMALL, *paths)

    shared = prepared_manifest(demo)  # nothing there yet: prepared in paths.prepared
    assert shared == tmp_path / "prepared" / "manifest.jsonl"
    assert prepare.made_from(shared.parent, demo.dataset) is True
    assert len(item_ids(shared)) == 2 * 2  # 2 English descriptions per split (dev, test), 1 voice
    before = {p.name: file_digest(p) for p in shared.parent.rglob("*") if p.is_file()}

    own = prepared_manifest(smoke)
    assert own.parent.parent == tmp_path / "outputs" and own.parent.name.startswith("smoke-")
    assert item_ids(own) == item_ids(shared)[::2]  # the first of each split
    assert prepare.made_from(own.parent, smoke.dataset) is True
    after = {p.name: file_digest(p) for p in shared.parent.rglob("*") if p.is_file()}
    assert after == before, "the shared folder is neither rewritten nor added to"

    stamp = own.parent / prepare.STAMP
    made = stamp.stat().st_mtime_ns
    assert prepared_manifest(smoke) == own and stamp.stat().st_mtime_ns == made  # reused
    assert prepared_manifest(demo) == shared


def test_a_manifest_without_a_stamp_is_taken_as_given(compose_cfg, tmp_path):
    manifest = tmp_path / "mine" / "manifest.jsonl"
    manifest.parent.mkdir()
    manifest.write_text(json.dumps({"id": "x", "audio": "x.wav"}) + "\n")
    cfg = compose_cfg(
        "dataset=smoke", *SMALL, f"paths.manifest={manifest}",
        f"paths.app_prepared={tmp_path / 'outputs'}",
    )  # fmt: skip
    assert prepared_manifest(cfg) == manifest
    assert not (tmp_path / "outputs").exists()


def test_an_edited_description_file_is_another_dataset(compose_cfg, tmp_path):
    source = compose_cfg("dataset=smoke", *SMALL).dataset.descriptions[0].path
    copy = tmp_path / "en.yaml"
    copy.write_text(Path(source).read_text(encoding="utf-8"))
    cfg = compose_cfg("dataset=smoke", *SMALL, f"dataset.descriptions=[{copy}]").dataset
    (tmp_path / "prepared").mkdir()
    (tmp_path / "prepared" / prepare.STAMP).write_text(
        json.dumps({"name": "smoke", "fingerprint": prepare.dataset_fingerprint(cfg)})
    )
    assert prepare.made_from(tmp_path / "prepared", cfg) is True
    copy.write_text(copy.read_text().replace("red car", "green car", 1))
    assert prepare.made_from(tmp_path / "prepared", cfg) is False


def test_jobs_with_the_same_asr_config_share_one_transcription(compose_cfg, tmp_path, monkeypatch):
    from voice2image import app
    from voice2image.pipeline import transcribe

    paths = [
        f"paths.prepared={tmp_path / 'prepared'}",
        f"paths.manifest={tmp_path / 'prepared' / 'manifest.jsonl'}",
        f"paths.app_transcripts={tmp_path / 'transcripts'}",
    ]
    cfg = compose_cfg("dataset=smoke", "dataset.limit=1", *SMALL, *paths, "asr=reference")
    manifest = prepared_manifest(cfg)
    runs: list[Path] = []
    real_run = transcribe.run

    def counted(*args, **kwargs):
        runs.append(Path(args[-1]))
        return real_run(*args, **kwargs)

    monkeypatch.setattr(transcribe, "run", counted)
    app.shared_transcripts(cfg, manifest, tmp_path / "job0" / "transcripts.jsonl")
    app.shared_transcripts(cfg, manifest, tmp_path / "job1" / "transcripts.jsonl")
    assert len(runs) == 1 and runs[0].parent.parent == tmp_path / "transcripts"
    first, second = (tmp_path / job / "transcripts.jsonl" for job in ("job0", "job1"))
    assert first.read_bytes() == second.read_bytes() == runs[0].read_bytes()
    assert len(item_ids(first)) == len(item_ids(manifest)) == 2
    assert Path(f"{second}.summary.json").is_file()

    other = compose_cfg(
        "dataset=smoke", "dataset.limit=1", *SMALL, *paths, "audio.max_duration_s=100"
    )
    app.shared_transcripts(other, manifest, tmp_path / "job2" / "transcripts.jsonl")
    assert len(runs) == 2 and runs[1].parent != runs[0].parent  # another config: its own
