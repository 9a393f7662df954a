"""Real recorded speech with reference transcripts that ships inside installed packages."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voice2image.audio import load_audio

POCKETSPHINX_TESTDATA = Path("/usr/share/pocketsphinx/test/data")


class CorpusUnavailable(RuntimeError):
    """A corpus's package is not installed; the message says which one."""


@dataclass
class RealClip:
    id: str
    speaker: str
    language: str
    reference: str
    samples: np.ndarray  # 16 kHz mono float32


def _testdata() -> Path:
    if not POCKETSPHINX_TESTDATA.is_dir():
        raise CorpusUnavailable(
            f"{POCKETSPHINX_TESTDATA} missing: install the Debian package pocketsphinx-testdata"
        )
    return POCKETSPHINX_TESTDATA


def _sphinx_transcription(path: Path) -> dict[str, str]:
    """Lines like `<s> ten of clubs </s> (001)`."""
    texts = {}
    for line in path.read_text().splitlines():
        match = re.match(r"\s*(?:<s>)?(.*?)(?:</s>)?\s*\((\S+)\)\s*$", line)
        if match:
            texts[match.group(2)] = " ".join(match.group(1).split())
    return texts


def librivox() -> Iterator[RealClip]:
    """Five LibriVox clips of one reader (Sense and Sensibility)."""
    folder = _testdata() / "librivox"
    for name, text in sorted(_sphinx_transcription(folder / "transcription").items()):
        audio = load_audio(folder / f"{name}.wav")
        yield RealClip(f"librivox_{name[-4:]}", "librivox_reader", "en", text, audio.samples)


def cards() -> Iterator[RealClip]:
    """Five short clips of playing-card names."""
    folder = _testdata() / "cards"
    for name, text in sorted(_sphinx_transcription(folder / "cards.transcription").items()):
        audio = load_audio(folder / f"{name}.wav")
        yield RealClip(f"cards_{name}", "cards_speaker", "en", text, audio.samples)


def goforward() -> Iterator[RealClip]:
    """'go forward ten meters', raw 16 kHz 16-bit PCM."""
    raw = np.fromfile(_testdata() / "goforward.raw", dtype="<i2").astype(np.float32) / 32768.0
    yield RealClip("goforward", "goforward_speaker", "en", "go forward ten meters", raw)


def pyannote_sample() -> Iterator[RealClip]:
    """The 30 s two-speaker phone call in the pyannote-audio wheel, with its word transcript."""
    spec = importlib.util.find_spec("pyannote.audio")
    if spec is None or not spec.submodule_search_locations:
        raise CorpusUnavailable(
            "pyannote-audio sample missing: pip install --no-deps pyannote-audio==4.0.7"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "sample"
    words = []
    for line in (folder / "sample.stm").read_text().splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) == 6:
            words.append(fields[5])
    audio = load_audio(folder / "sample.wav")
    yield RealClip("pyannote_sample", "pyannote_call", "en", " ".join(words), audio.samples)


CORPORA: dict[str, Callable[[], Iterator[RealClip]]] = {
    "librivox": librivox,
    "cards": cards,
    "goforward": goforward,
    "pyannote_sample": pyannote_sample,
}


def real_clips(name: str) -> Iterator[RealClip]:
    if name not in CORPORA:
        raise ValueError(f"unknown real-speech corpus '{name}' (known: {', '.join(CORPORA)})")
    return CORPORA[name]()
