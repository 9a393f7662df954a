"""Run a diffusers pipeline's networks with ONNX Runtime, inside the pipeline itself.

`install(pipe, ...)` exports the pipeline's text encoder(s), denoiser (UNet or Flux
transformer) and decoder once (`onnx_export`, cached by the model's identity and image size),
then puts ONNX Runtime sessions in their place, wrapped as modules that answer the pipeline
exactly as the PyTorch ones do (same call signature, same output types, the same `config`).
The scheduler, latent preparation and image post-processing stay diffusers' own, so the
generate stage, its seeds and its timings are unchanged. Image-to-image encodes the reference
with the PyTorch VAE encoder.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

import numpy as np
import torch

from voice2image.config import fingerprint
from voice2image.generate import onnx_export
from voice2image.hardware import HardwareProfile
from voice2image.paths import cache_dir

log = logging.getLogger(__name__)


def providers(device: str) -> list[str]:
    """CUDA's execution provider when the profile asks for CUDA and this onnxruntime build
    has it (the onnxruntime-gpu wheel); the CPU provider always, as the fallback."""
    import onnxruntime as ort

    available = ort.get_available_providers()
    chosen = ["CUDAExecutionProvider"] if device == "cuda" else []
    chosen = [p for p in chosen if p in available]
    if device == "cuda" and not chosen:
        log.warning("onnxruntime has no CUDAExecutionProvider here: running on the CPU")
    return [*chosen, "CPUExecutionProvider"]


def session(path: Path, hardware: HardwareProfile) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = hardware.cpu_threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only: the exporter's graphs raise shape warnings
    return ort.InferenceSession(str(path), options, providers=providers(hardware.device))


class OrtModule(torch.nn.Module):
    """A module whose forward runs an ONNX Runtime session. `config` is the replaced module's,
    so pipelines read the same settings; `dtype`/`device` say float32 on the CPU (the inputs'
    side: ONNX Runtime takes and returns host arrays)."""

    def __init__(self, runner: Any, original: torch.nn.Module, outputs: list[str]) -> None:
        super().__init__()
        self.runner = runner
        self.config = original.config
        self.outputs = outputs

    @property
    def dtype(self) -> torch.dtype:
        return torch.float32

    @property
    def device(self) -> torch.device:
        return torch.device("cpu")

    def run(self, **feeds: torch.Tensor | None) -> list[torch.Tensor]:
        arrays = {
            name: value.detach().cpu().numpy() for name, value in feeds.items() if value is not None
        }
        return [torch.from_numpy(np.asarray(out)) for out in self.runner.run(self.outputs, arrays)]


class OrtClipText(OrtModule):
    """CLIPTextModel / CLIPTextModelWithProjection."""

    def __init__(self, runner: Any, original: torch.nn.Module, outputs: list[str]) -> None:
        super().__init__(runner, original, outputs)
        self.projection = type(original).__name__.endswith("WithProjection")

    def forward(self, input_ids: torch.Tensor, *args: Any, **kwargs: Any) -> Any:
        from transformers.modeling_outputs import BaseModelOutputWithPooling
        from transformers.models.clip.modeling_clip import CLIPTextModelOutput

        last, pooled, penultimate, last_layer = self.run(input_ids=input_ids.long())
        # Only the last two hidden states exist here: hidden_states[-2] (SDXL) and [-1].
        hidden = (penultimate, last_layer)
        if self.projection:
            return CLIPTextModelOutput(
                text_embeds=pooled, last_hidden_state=last, hidden_states=hidden
            )
        return BaseModelOutputWithPooling(
            last_hidden_state=last, pooler_output=pooled, hidden_states=hidden
        )


class OrtT5(OrtModule):
    def forward(self, input_ids: torch.Tensor, *args: Any, **kwargs: Any) -> Any:
        from transformers.modeling_outputs import BaseModelOutput

        (last,) = self.run(input_ids=input_ids.long())
        return BaseModelOutput(last_hidden_state=last)


def _batched_timestep(timestep: Any, batch: int) -> torch.Tensor:
    return torch.as_tensor(timestep, dtype=torch.float32).reshape(-1).expand(batch).contiguous()


class OrtUNet(OrtModule):
    def forward(
        self,
        sample: torch.Tensor,
        timestep: Any,
        encoder_hidden_states: torch.Tensor,
        *args: Any,
        added_cond_kwargs: dict[str, torch.Tensor] | None = None,
        return_dict: bool = True,
        **kwargs: Any,
    ) -> Any:
        from diffusers.models.unets.unet_2d_condition import UNet2DConditionOutput

        added = added_cond_kwargs or {}
        (out,) = self.run(
            sample=sample.float(),
            timestep=_batched_timestep(timestep, sample.shape[0]),
            encoder_hidden_states=encoder_hidden_states.float(),
            text_embeds=added.get("text_embeds"),
            time_ids=None if added.get("time_ids") is None else added["time_ids"].float(),
        )
        return UNet2DConditionOutput(sample=out) if return_dict else (out,)


class OrtFluxTransformer(OrtModule):
    def cache_context(self, name: str) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()  # diffusers' step caches do not apply to a session

    def forward(
        self,
        hidden_states: torch.Tensor,
        encoder_hidden_states: torch.Tensor,
        pooled_projections: torch.Tensor,
        timestep: torch.Tensor,
        img_ids: torch.Tensor,
        txt_ids: torch.Tensor,
        guidance: torch.Tensor | None = None,
        return_dict: bool = True,
        **kwargs: Any,
    ) -> Any:
        from diffusers.models.modeling_outputs import Transformer2DModelOutput

        batch = hidden_states.shape[0]
        (out,) = self.run(
            hidden_states=hidden_states.float(),
            encoder_hidden_states=encoder_hidden_states.float(),
            pooled_projections=pooled_projections.float(),
            timestep=_batched_timestep(timestep, batch),
            img_ids=img_ids.float(),
            txt_ids=txt_ids.float(),
            guidance=None if guidance is None else _batched_timestep(guidance, batch),
        )
        return Transformer2DModelOutput(sample=out) if return_dict else (out,)


class OrtDecoderVae(OrtModule):
    """The VAE with its decoder on ONNX Runtime; `encode` (image-to-image) stays PyTorch."""

    def __init__(self, runner: Any, original: torch.nn.Module, outputs: list[str]) -> None:
        super().__init__(runner, original, outputs)
        self.torch_vae = original  # its encoder serves image-to-image

    def decode(self, latents: torch.Tensor, return_dict: bool = True, **kwargs: Any) -> Any:
        from diffusers.models.autoencoders.vae import DecoderOutput

        (image,) = self.run(latents=latents.float())
        return DecoderOutput(sample=image) if return_dict else (image,)

    def encode(self, *args: Any, **kwargs: Any) -> Any:
        return self.torch_vae.encode(*args, **kwargs)  # type: ignore[operator]

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("the ONNX Runtime VAE only decodes (and encodes in PyTorch)")


WRAPPERS: dict[str, type[OrtModule]] = {
    "clip_text": OrtClipText,
    "t5": OrtT5,
    "unet": OrtUNet,
    "flux_transformer": OrtFluxTransformer,
    "decoder": OrtDecoderVae,
}
# Which pipeline attribute each exported component replaces.
ATTRIBUTE = {"vae_decoder": "vae", "tiny_vae_decoder": "vae"}


def export_dir(identity: dict[str, Any]) -> Path:
    return cache_dir() / "onnx" / fingerprint(identity)[:16]


def needed(pipe: Any) -> set[str]:
    """The exported components this pipeline, as configured, runs."""
    names = {n for n in ("text_encoder", "text_encoder_2") if getattr(pipe, n, None) is not None}
    names.add("unet" if getattr(pipe, "unet", None) is not None else "transformer")
    names.add("tiny_vae_decoder" if type(pipe.vae).__name__ == "AutoencoderTiny" else "vae_decoder")
    return names


def ensure_export(
    pipe: Any,
    identity: dict[str, Any],
    width: int,
    height: int,
    max_sequence_length: int,
    folder: str | Path | None = None,
    exporter: str = "torchscript",
) -> tuple[Path, dict[str, Any]]:
    """The export of this pipeline: `folder` (an `export-onnx` output: it must be of this model
    and size) or, by default, the model cache, exported there on first use."""
    target = Path(folder) if folder else export_dir(identity)
    manifest = onnx_export.read_manifest(target)
    names = {c["name"] for c in (manifest or {}).get("components", [])}
    if manifest and manifest.get("identity") == identity and needed(pipe) <= names:
        return target, manifest
    if folder and manifest:
        missing = ", ".join(sorted(needed(pipe) - names))
        raise ValueError(
            f"hardware.onnx_dir {folder}: the export there is of {manifest.get('identity')}"
            + (f" and lacks {missing}" if missing else "")
            + f", not of {identity}: export it with `voice2image export-onnx --out DIR` and "
            "the same diffusion options, or set hardware.onnx_dir=null (the model cache)"
        )
    log.info("generate: exporting the pipeline to ONNX in %s (once per model and size)", target)
    manifest = onnx_export.export_pipeline(
        pipe, target, identity, width, height, max_sequence_length, exporter=exporter
    )
    return target, manifest


def install(
    pipe: Any,
    hardware: HardwareProfile,
    identity: dict[str, Any],
    width: int,
    height: int,
    max_sequence_length: int = 256,
) -> list[str]:
    """Replace the pipeline's networks by ONNX Runtime sessions; returns what was replaced."""
    folder, manifest = ensure_export(
        pipe, identity, width, height, max_sequence_length, hardware.onnx_dir,
        hardware.onnx_exporter,
    )  # fmt: skip
    wanted = needed(pipe)
    replaced = []
    for entry in manifest["components"]:
        if entry["name"] not in wanted:
            continue
        attribute = ATTRIBUTE.get(entry["name"], entry["name"])
        original = getattr(pipe, attribute)
        runner = session(folder / entry["file"], hardware)
        setattr(pipe, attribute, WRAPPERS[entry["kind"]](runner, original, entry["outputs"]))
        replaced.append(entry["name"])
    return replaced
