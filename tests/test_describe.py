"""`voice2image describe` with the real small models (faster-whisper tiny.en, the rules
structurer, the tiny diffusion pipeline built in code): real speech in the containers phones
record in, from files and stdin, and the one-line errors for what is not usable speech."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from voice2image.audio import write_wav
from voice2image.cli import main as cli_main
from voice2image.corpora import goforward
from voice2image.describe.cli import plan, show, split_arguments
from voice2image.describe.core import DescribeRecord

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is a dependency")


def encode(wav: Path, out: Path) -> Path:
    subprocess.run(["ffmpeg", "-y", "-loglevel", "error", "-i", str(wav), str(out)], check=True)
    return out


def describe(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        cli_main(["describe", *argv])
    out, err = capsys.readouterr()
    return int(stopped.value.code or 0), out, err


def test_arguments_split_into_recordings_and_overrides(tmp_path: Path) -> None:
    odd = tmp_path / "take=2.wav"  # a file whose name holds "=" is still a recording
    odd.write_bytes(b"")
    files, overrides = split_arguments(["a.m4a", "structure=rules", str(odd), "-", "seed=3"])
    assert files == ["a.m4a", str(odd), "-"] and overrides == ["structure=rules", "seed=3"]
    targets = plan(["x/clip.m4a", "-"], None)
    assert [t.image for t in targets] == [Path("x/clip.png"), Path("stdin.png")]
    assert targets[0].record == Path("x/clip.json")
    with pytest.raises(ValueError, match="would both write"):
        plan(["a/clip.wav", "b/clip.m4a"], tmp_path)
    with pytest.raises(ValueError, match="name at least one recording"):
        plan([], None)


def test_a_missing_file_alone_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = describe([str(tmp_path / "nope.m4a")], capsys)
    assert status == 2 and out == ""
    assert f"voice2image describe: error: {tmp_path / 'nope.m4a'}: audio file not found" in err
    assert "Traceback" not in err


def test_describe_real_speech_from_files_and_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clip = next(goforward())  # real speech: "go forward ten meters"
    wav = tmp_path / "goforward.wav"
    write_wav(wav, clip.samples)
    m4a = encode(wav, tmp_path / "phone.m4a")
    webm = encode(wav, tmp_path / "browser.webm")
    text = tmp_path / "notes.wav"
    text.write_text("not audio at all\n")
    silent = tmp_path / "silent.wav"
    write_wav(silent, np.zeros(32000, dtype=np.float32))
    stdin = SimpleNamespace(buffer=io.BytesIO(webm.read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.chdir(tmp_path)  # stdin's image goes into the current folder

    argv = [str(m4a), "-", str(tmp_path / "missing.mp3"), str(text), str(silent), "--json"]
    argv += [f"paths.registry={tmp_path / 'registry.sqlite'}", "seed=0"]
    status, out, err = describe(argv, capsys)

    assert status == 1  # a batch where some failed
    records = [DescribeRecord.model_validate_json(line) for line in out.splitlines()]
    assert [r.status for r in records] == ["ok", "ok", "failed", "failed", "failed"]
    errors = [line for line in err.splitlines() if "describe: error:" in line]
    assert [e.split("error: ", 1)[1] for e in errors] == [
        f"{tmp_path / 'missing.mp3'}: audio file not found",
        f"{text}: not an audio file (.wav, .flac, .ogg, .mp3, .m4a, .webm)",
        f"{silent}: audio is silent (RMS 0.00e+00)",
    ]
    for record, stem in zip(records[:2], ["phone", "stdin"], strict=True):
        assert "forward" in record.transcript.lower() and record.language == "en"
        # "go forward ten meters": a command with a measure, nothing to draw as a subject
        assert record.description is not None and not record.description.subjects
        assert "meter" in record.prompt and record.prompt_tokens  # "go forward ten meters"
        assert record.image == str(Path(str(tmp_path) if stem == "phone" else ".") / f"{stem}.png")
        assert Image.open(tmp_path / f"{stem}.png").size == (64, 64)
        on_disk = json.loads((tmp_path / f"{stem}.json").read_text())
        assert DescribeRecord.model_validate(on_disk) == record
        t = record.timings
        assert t.transcribe_s and t.generate_s and t.total_s and t.total_s >= t.transcribe_s
        assert record.config["asr"] == "auto" and record.config["seed"] == 0  # the default
        assert any("no speaker registry" in w for w in record.warnings)
    # The same seed, the same image, whichever container the speech came in.
    assert records[0].seed == records[1].seed
    assert (tmp_path / "phone.png").read_bytes() == (tmp_path / "stdin.png").read_bytes()
    assert not (tmp_path / "silent.png").exists() and not (tmp_path / "notes.json").exists()

    readable = show(records[0])  # what a person reads without --json
    for step in ("transcript", "speaker", "structure", "prompt", "image", "total"):
        assert f"  {step} " in readable
    assert "Go forward" in readable or "go forward" in readable
