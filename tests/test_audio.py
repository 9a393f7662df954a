"""Bad audio gets a clear error naming the file; convertible audio is converted with a warning."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from conftest import tone
from voice2image.audio import AudioError, AudioLimits, load_audio


def test_good_mono_16k_loads_unchanged(tmp_path):
    path = tmp_path / "ok.wav"
    sf.write(path, tone(1.0), 16000)
    audio = load_audio(path)
    assert audio.samples.dtype == np.float32 and len(audio.samples) == 16000
    assert audio.duration_s == pytest.approx(1.0) and audio.warnings == []


def test_stereo_44k_is_mixed_and_resampled_with_warnings(tmp_path):
    path = tmp_path / "stereo.wav"
    sf.write(path, tone(2.0, 44100, channels=2), 44100)
    audio = load_audio(path)
    assert len(audio.samples) == pytest.approx(32000, abs=2)
    assert any("2 channels" in w for w in audio.warnings)
    assert any("44100 Hz" in w for w in audio.warnings)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "audio file not found"),
        (lambda p: p.write_bytes(b"RIFF\x00\x00not really a wave file"), "cannot read audio"),
        (lambda p: sf.write(p, np.zeros((0,), np.float32), 16000), "empty"),
        (lambda p: sf.write(p, np.zeros(16000, np.float32), 16000), "silent"),
        (lambda p: sf.write(p, tone(0.05), 16000), "too short"),
        (lambda p: sf.write(p, tone(3.0), 16000), "longer than the limit"),
    ],
    ids=["missing", "unreadable", "empty", "silent", "too-short", "too-long"],
)
def test_bad_audio_names_the_file_and_the_problem(tmp_path, make, message):
    path = tmp_path / "bad.wav"
    make(path)
    with pytest.raises(AudioError) as info:
        load_audio(path, AudioLimits(max_duration_s=2.0))
    assert str(path) in str(info.value) and message in str(info.value)


def test_strict_limits_refuse_wrong_rate_and_stereo(tmp_path):
    path = tmp_path / "stereo.wav"
    sf.write(path, tone(1.0, 8000, channels=2), 8000)
    with pytest.raises(AudioError, match="channels, expected mono"):
        load_audio(path, AudioLimits(convert=False))
