"""Export a diffusers pipeline's networks to ONNX, and check the export against PyTorch.

What is exported (each a `.onnx` file with its weights beside it, plus `manifest.json`):

* `text_encoder`, `text_encoder_2`: CLIP text towers (last hidden state, pooled output, the
  penultimate hidden state SDXL reads) and Flux's T5 encoder (last hidden state);
* `unet` (Stable Diffusion, SDXL's added conditions included) or `transformer` (Flux);
* `vae_decoder`: the KL VAE's decoder (post-quant conv included), and `tiny_vae_decoder` when
  the pipeline decodes with TAESD (`hardware.tiny_vae`).

The image encoder of image-to-image stays in PyTorch. Shapes: the batch is dynamic; image and
text sizes are those of the configuration (the manifest records them), so an export serves one
width x height. The exporter is PyTorch's `torch.onnx.export`, in float32: TorchScript-based by
default (`exporter="torchscript"`: seconds for the tiny pipeline), or the dynamo exporter
(`exporter="dynamo"`: torch.export + onnxscript, the same numbers here but about 50x slower to
export the tiny pipeline on the project machine). Weights go to one `<name>.onnx.data` file.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = 1  # bump when what is exported, or how, changes: older exports are redone
OPSET = 18
EXAMPLE_BATCH = 2  # exporters specialise a dimension of size 1: export with 2
EXPORTERS = ("torchscript", "dynamo")


# --- export wrappers: plain tensors in, a tuple of tensors out ---------------------------------


class ClipTextExport(torch.nn.Module):
    """CLIPTextModel(WithProjection) -> last hidden state, pooled output, penultimate state."""

    def __init__(self, encoder: torch.nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids: torch.Tensor) -> tuple[torch.Tensor, ...]:
        out = self.encoder(input_ids, output_hidden_states=True, return_dict=True)
        pooled = out.text_embeds if hasattr(out, "text_embeds") else out.pooler_output
        return out.last_hidden_state, pooled, out.hidden_states[-2], out.hidden_states[-1]


class T5Export(torch.nn.Module):
    def __init__(self, encoder: torch.nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids, return_dict=True).last_hidden_state


class UNetExport(torch.nn.Module):
    """UNet2DConditionModel; SDXL's added conditions (`text_embeds`, `time_ids`) when present."""

    def __init__(self, unet: torch.nn.Module) -> None:
        super().__init__()
        self.unet = unet

    def forward(
        self,
        sample: torch.Tensor,
        timestep: torch.Tensor,
        encoder_hidden_states: torch.Tensor,
        text_embeds: torch.Tensor | None = None,
        time_ids: torch.Tensor | None = None,
    ) -> torch.Tensor:
        added = None
        if text_embeds is not None and time_ids is not None:
            added = {"text_embeds": text_embeds, "time_ids": time_ids}
        return self.unet(
            sample, timestep, encoder_hidden_states, added_cond_kwargs=added, return_dict=False
        )[0]


class FluxTransformerExport(torch.nn.Module):
    def __init__(self, transformer: torch.nn.Module) -> None:
        super().__init__()
        self.transformer = transformer

    def forward(
        self,
        hidden_states: torch.Tensor,
        encoder_hidden_states: torch.Tensor,
        pooled_projections: torch.Tensor,
        timestep: torch.Tensor,
        img_ids: torch.Tensor,
        txt_ids: torch.Tensor,
        guidance: torch.Tensor | None = None,
    ) -> torch.Tensor:
        return self.transformer(
            hidden_states=hidden_states,
            encoder_hidden_states=encoder_hidden_states,
            pooled_projections=pooled_projections,
            timestep=timestep,
            img_ids=img_ids,
            txt_ids=txt_ids,
            guidance=guidance,
            return_dict=False,
        )[0]


class DecoderExport(torch.nn.Module):
    """The decoder half of AutoencoderKL or AutoencoderTiny: latents -> image in [-1, 1]."""

    def __init__(self, vae: torch.nn.Module) -> None:
        super().__init__()
        self.vae = vae

    def forward(self, latents: torch.Tensor) -> torch.Tensor:
        return self.vae.decode(latents, return_dict=False)[0]  # type: ignore[operator]


# --- what to export ---------------------------------------------------------------------------


@dataclass
class Component:
    """One network to export: the wrapper, example inputs, and the names of its tensors."""

    name: str
    kind: str  # clip_text, t5, unet, flux_transformer, decoder
    module: torch.nn.Module
    inputs: dict[str, torch.Tensor]
    outputs: list[str]
    batched: list[str] = field(default_factory=list)  # inputs whose first dimension is batch

    def example(self) -> tuple[torch.Tensor, ...]:
        return tuple(self.inputs.values())


@dataclass
class ExportedComponent:
    name: str
    kind: str
    file: str
    inputs: dict[str, list[int]]
    outputs: list[str]
    batched: list[str]
    exporter: str
    export_s: float
    extra: dict[str, Any] = field(default_factory=dict)


def _generator(seed: int) -> torch.Generator:
    return torch.Generator("cpu").manual_seed(seed)


def _text_ids(tokenizer: Any, length: int, vocab: int, seed: int) -> torch.Tensor:
    """Example token ids: a start token where the tokenizer has one, random ids, an end token."""
    ids = torch.randint(0, vocab, (EXAMPLE_BATCH, length), generator=_generator(seed))
    end = getattr(tokenizer, "eos_token_id", None)
    if end is not None and end < vocab:
        ids[:, length // 2 :] = end  # the end token and its padding, as the pipeline sends
    return ids


def latent_size(pipe: Any, width: int, height: int) -> tuple[int, int]:
    factor = int(getattr(pipe, "vae_scale_factor", 8))
    return height // factor, width // factor


def components(
    pipe: Any, width: int, height: int, max_sequence_length: int = 256, tiny_vae: Any = None
) -> list[Component]:
    """Every network of `pipe` this module exports, with example inputs for `width` x `height`;
    `tiny_vae` (a TAESD) adds its decoder as `tiny_vae_decoder`."""
    found: list[Component] = []
    for name in ("text_encoder", "text_encoder_2"):
        encoder = getattr(pipe, name, None)
        if encoder is None:
            continue
        tokenizer = getattr(pipe, name.replace("text_encoder", "tokenizer"), None)
        config = encoder.config
        if config.model_type == "t5":
            ids = _text_ids(tokenizer, max_sequence_length, config.vocab_size, 1)
            found.append(
                Component(name, "t5", T5Export(encoder), {"input_ids": ids},
                          ["last_hidden_state"], ["input_ids"])
            )  # fmt: skip
        else:
            length = int(getattr(tokenizer, "model_max_length", 77) or 77)
            length = min(length, config.max_position_embeddings)
            ids = _text_ids(tokenizer, length, config.vocab_size, 1)
            outputs = ["last_hidden_state", "pooled", "penultimate_hidden_state", "last_layer"]
            found.append(
                Component(name, "clip_text", ClipTextExport(encoder), {"input_ids": ids},
                          outputs, ["input_ids"])
            )  # fmt: skip
    found.append(_denoiser(pipe, width, height, max_sequence_length))
    decoders = [pipe.vae] + ([tiny_vae] if tiny_vae is not None and _is_kl(pipe.vae) else [])
    lat_h, lat_w = latent_size(pipe, width, height)
    for seed, vae in enumerate(decoders, start=3):
        channels = int(vae.config.latent_channels)
        latents = torch.randn(EXAMPLE_BATCH, channels, lat_h, lat_w, generator=_generator(seed))
        found.append(
            Component("vae_decoder" if _is_kl(vae) else "tiny_vae_decoder", "decoder",
                      DecoderExport(vae), {"latents": latents}, ["image"], ["latents"])
        )  # fmt: skip
    return found


def _is_kl(vae: Any) -> bool:
    return type(vae).__name__ != "AutoencoderTiny"


def _denoiser(pipe: Any, width: int, height: int, max_sequence_length: int) -> Component:
    gen = _generator(2)
    if getattr(pipe, "unet", None) is not None:
        unet = pipe.unet
        config = unet.config
        lat_h, lat_w = latent_size(pipe, width, height)
        shape = (EXAMPLE_BATCH, config.in_channels, lat_h, lat_w)
        length = int(getattr(pipe.tokenizer, "model_max_length", 77) or 77)
        inputs = {
            "sample": torch.randn(*shape, generator=gen),
            "timestep": torch.full((EXAMPLE_BATCH,), 999.0),
            "encoder_hidden_states": torch.randn(
                EXAMPLE_BATCH, length, config.cross_attention_dim, generator=gen
            ),
        }
        if config.addition_embed_type == "text_time":  # SDXL
            pooled = (
                config.projection_class_embeddings_input_dim - 6 * config.addition_time_embed_dim
            )
            inputs["text_embeds"] = torch.randn(EXAMPLE_BATCH, pooled, generator=gen)
            sizes = [[height, width, 0, 0, height, width]] * EXAMPLE_BATCH
            inputs["time_ids"] = torch.tensor(sizes, dtype=torch.float32)
        return Component("unet", "unet", UNetExport(unet), inputs, ["noise_pred"], list(inputs))
    transformer = pipe.transformer
    config = transformer.config
    lat_h, lat_w = latent_size(pipe, width, height)
    tokens = (lat_h // 2) * (lat_w // 2)  # Flux packs 2x2 latent patches
    inputs = {
        "hidden_states": torch.randn(EXAMPLE_BATCH, tokens, config.in_channels, generator=gen),
        "encoder_hidden_states": torch.randn(
            EXAMPLE_BATCH, max_sequence_length, config.joint_attention_dim, generator=gen
        ),
        "pooled_projections": torch.randn(
            EXAMPLE_BATCH, config.pooled_projection_dim, generator=gen
        ),
        "timestep": torch.full((EXAMPLE_BATCH,), 1.0),
        "img_ids": pipe._prepare_latent_image_ids(1, lat_h // 2, lat_w // 2, "cpu", torch.float32),
        "txt_ids": torch.zeros(max_sequence_length, 3),
    }
    batched = ["hidden_states", "encoder_hidden_states", "pooled_projections", "timestep"]
    if config.guidance_embeds:
        inputs["guidance"] = torch.full((EXAMPLE_BATCH,), 3.5)
        batched.append("guidance")
    return Component("transformer", "flux_transformer", FluxTransformerExport(transformer),
                     inputs, ["noise_pred"], batched)  # fmt: skip


# --- export -----------------------------------------------------------------------------------


def _export_dynamo(component: Component, path: Path) -> None:
    batch = torch.export.Dim("batch", min=1, max=64)
    dynamic = {
        name: ({0: batch} if name in component.batched else None) for name in component.inputs
    }
    program = torch.onnx.export(
        component.module.eval(),
        component.example(),
        input_names=list(component.inputs),
        output_names=component.outputs,
        opset_version=OPSET,
        dynamo=True,
        dynamic_shapes=dynamic,
        external_data=True,
    )
    assert program is not None
    program.save(str(path), external_data=True)


def _export_torchscript(component: Component, path: Path) -> None:
    """The TorchScript-based exporter, then every weight into one `<name>.onnx.data` (the
    exporter embeds them below 2 GB and writes one file per tensor above)."""
    raw = path.parent / "raw" / path.name
    raw.parent.mkdir()
    torch.onnx.export(
        component.module.eval(),
        component.example(),
        str(raw),
        input_names=list(component.inputs),
        output_names=component.outputs,
        opset_version=OPSET,
        dynamo=False,
        dynamic_axes={name: {0: "batch"} for name in component.batched},
    )
    gather_external_data(raw, path)
    shutil.rmtree(raw.parent)


def _graph_tensors(graph: Any) -> Iterator[Any]:
    """Every TensorProto of `graph`: initializers and node attributes, subgraphs included."""
    yield from graph.initializer
    for node in graph.node:
        for attribute in node.attribute:
            if attribute.HasField("t"):
                yield attribute.t
            yield from attribute.tensors
            subgraphs = [attribute.g] if attribute.HasField("g") else []
            for sub in [*subgraphs, *attribute.graphs]:
                yield from _graph_tensors(sub)


def gather_external_data(source: Path, target: Path, size_threshold: int = 1024) -> None:
    """Rewrite the ONNX model `source` as `target` + one `target.name.data` file holding every
    tensor of `size_threshold` bytes or more, one tensor in memory at a time (`onnx.load` with
    its external data, then `onnx.save_model`, held the whole model: 2.7 GB more for the SD 2.1
    UNet). Tensors of 1 MiB and more start on a 64 KiB boundary, so ONNX Runtime can map them."""
    import onnx
    from onnx.external_data_helper import (
        load_external_data_for_tensor,
        set_external_data,
        uses_external_data,
    )

    model = onnx.load(str(source), load_external_data=False)
    location = f"{target.name}.data"
    with (target.parent / location).open("wb") as data:
        for tensor in _graph_tensors(model.graph):
            if uses_external_data(tensor):
                load_external_data_for_tensor(tensor, str(source.parent))
            if not tensor.HasField("raw_data") or len(tensor.raw_data) < size_threshold:
                continue
            if len(tensor.raw_data) >= 1 << 20:
                data.write(b"\0" * (-data.tell() % (64 << 10)))
            offset = data.tell()
            data.write(tensor.raw_data)
            set_external_data(tensor, location, offset, len(tensor.raw_data))
            tensor.ClearField("raw_data")
    onnx.save_model(model, str(target))


def export_component(
    component: Component, folder: Path, exporter: str = "torchscript"
) -> ExportedComponent:
    """`folder/<name>.onnx` and its weights `folder/<name>.onnx.data`, the batch dynamic."""
    if exporter not in EXPORTERS:
        raise ValueError(
            f"the ONNX exporter must be one of {', '.join(EXPORTERS)}, got '{exporter}'"
        )
    path = folder / f"{component.name}.onnx"
    start = time.perf_counter()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation and trace notes
        if exporter == "torchscript":
            try:
                _export_torchscript(component, path)
            except torch.onnx.errors.UnsupportedOperatorError as exc:
                # e.g. aten::rms_norm (Flux's attention norms): only the dynamo exporter has it
                why = str(exc).splitlines()[0]
                log.info("export-onnx: %s: %s; using the dynamo exporter", component.name, why)
                shutil.rmtree(path.parent / "raw", ignore_errors=True)
                exporter = "dynamo"
        if exporter == "dynamo":
            _export_dynamo(component, path)
    elapsed = time.perf_counter() - start
    log.info("export-onnx: %s in %.1f s", component.name, elapsed)
    return ExportedComponent(
        name=component.name,
        kind=component.kind,
        file=path.name,
        inputs={name: list(t.shape) for name, t in component.inputs.items()},
        outputs=component.outputs,
        batched=component.batched,
        exporter=f"torch.onnx.export ({exporter}), torch {torch.__version__}, opset {OPSET}",
        export_s=round(elapsed, 1),
    )


def export_pipeline(
    pipe: Any,
    out_dir: str | Path,
    identity: dict[str, Any],
    width: int,
    height: int,
    max_sequence_length: int = 256,
    tiny_vae: Any = None,
    exporter: str = "torchscript",
) -> dict[str, Any]:
    """Export every network of `pipe` (and `tiny_vae`'s decoder) into `out_dir`, atomically:
    the folder appears complete, with its manifest, or not at all."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}."))
    try:
        parts = components(pipe, width, height, max_sequence_length, tiny_vae)
        exported = [export_component(part, staging, exporter) for part in parts]
        manifest = {
            "format": FORMAT,
            "identity": identity,
            "width": width,
            "height": height,
            "max_sequence_length": max_sequence_length,
            "components": [asdict(e) for e in exported],
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2))
        if out_dir.exists():
            shutil.rmtree(out_dir)
        os.rename(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def read_manifest(folder: str | Path) -> dict[str, Any] | None:
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("format") == FORMAT else None


# --- numerical check --------------------------------------------------------------------------


@dataclass
class CheckRow:
    """One output of one component, ONNX Runtime against PyTorch on the same inputs.

    `max_abs` = max |ort - torch|; `max_rel` = max_abs / max |torch| (relative to the output's
    scale: element-wise ratios blow up where the reference is near zero)."""

    component: str
    output: str
    shape: list[int]
    max_abs: float
    max_rel: float
    tolerance: float
    ok: bool


def compare(
    reference: torch.Tensor, got: Any, component: str, output: str, tolerance: float
) -> CheckRow:
    got_t = torch.as_tensor(got, dtype=torch.float32)
    ref = reference.detach().float()
    max_abs = float((got_t - ref).abs().max())
    scale = float(ref.abs().max()) or 1.0
    max_rel = max_abs / scale
    return CheckRow(component, output, list(ref.shape), max_abs, max_rel, tolerance,
                    max_rel <= tolerance)  # fmt: skip


def check_export(
    parts: list[Component],
    folder: str | Path,
    session: Callable[[Path], Any],
    tolerance: float = 1e-3,
) -> list[CheckRow]:
    """Run every exported component in PyTorch and through `session(path)` (an ONNX Runtime
    InferenceSession) on its example inputs; one row per output. One component at a time: its
    PyTorch outputs first, then its session, released before the next one is opened."""
    rows: list[CheckRow] = []
    for part in parts:
        rows.extend(_check_component(part, Path(folder), session, tolerance))
    return rows


def _check_component(
    part: Component, folder: Path, session: Callable[[Path], Any], tolerance: float
) -> list[CheckRow]:
    with torch.no_grad():
        expected = part.module.eval()(*part.example())
    expected_list = list(expected) if isinstance(expected, tuple) else [expected]
    runner = session(folder / f"{part.name}.onnx")
    feeds = {name: tensor.numpy() for name, tensor in part.inputs.items()}
    got = runner.run(part.outputs, feeds)
    return [
        compare(ref, value, part.name, output, tolerance)
        for output, ref, value in zip(part.outputs, expected_list, got, strict=True)
    ]
