"""Hardware profile -> pipeline settings: dtype, device, memory layout, TAESD, compile, memory.

Every option here is a documented diffusers/PyTorch switch; none changes what the model computes
except `tiny_vae` (TAESD approximates the KL VAE decoder) and lower-precision dtypes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import torch

from voice2image.hardware import HardwareProfile

log = logging.getLogger(__name__)

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


# oneDNN ISA caps (ONEDNN_MAX_CPU_ISA) that keep its native bfloat16 kernels.
BF16_ISAS = ("AVX512_CORE_BF16", "AVX512_CORE_AMX", "AVX10", "ALL", "DEFAULT")


@cache
def cpu_has_native_bf16() -> bool:
    """True where the CPU computes bfloat16 in hardware (AVX512-BF16 or AMX) and PyTorch may
    use it; elsewhere bfloat16 is emulated and slower than float32. An ISA cap
    (ATEN_CPU_CAPABILITY=avx2, ONEDNN_MAX_CPU_ISA=AVX2: how the benchmarks emulate an AVX2-only
    CPU) counts as the CPU it emulates."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    if "avx512_bf16" not in flags and "amx_bf16" not in flags:
        return False
    if not torch.backends.cpu.get_cpu_capability().startswith("AVX512"):
        return False
    cap = os.environ.get("ONEDNN_MAX_CPU_ISA", os.environ.get("DNNL_MAX_CPU_ISA", "")).upper()
    return not cap or cap.startswith(BF16_ISAS)


def resolve_dtype(hardware: HardwareProfile) -> torch.dtype:
    if hardware.dtype == "auto":
        if hardware.device == "cuda":
            return torch.float16
        return torch.bfloat16 if cpu_has_native_bf16() else torch.float32
    if hardware.dtype not in DTYPES:
        known = ", ".join([*DTYPES, "auto"])
        raise ValueError(f"hardware.dtype must be one of {known}, got '{hardware.dtype}'")
    if hardware.device == "cpu" and hardware.dtype == "float16":
        raise ValueError("hardware.dtype float16 is not supported on CPU: use bfloat16 or auto")
    return DTYPES[hardware.dtype]


def denoiser_name(pipe: Any) -> str:
    """The pipeline's denoising network: `unet` (Stable Diffusion) or `transformer` (Flux)."""
    return "unet" if getattr(pipe, "unet", None) is not None else "transformer"


def apply(
    pipe: Any,
    hardware: HardwareProfile,
    tiny_vae: Callable[[], Any] | None = None,
    onnx_shape: dict[str, Any] | None = None,
) -> list[str]:
    """Configure a loaded pipeline in place for `hardware`; returns what was applied.

    `onnx_shape` (`identity`, `width`, `height`, `max_sequence_length`) is what the ONNX
    Runtime path exports for: the model's identity keys the exported graphs' cache."""
    hardware.apply()
    if hardware.runtime == "onnxruntime":
        return _apply_onnxruntime(pipe, hardware, tiny_vae, onnx_shape or {})
    dtype = resolve_dtype(hardware)
    applied = [f"dtype={str(dtype).removeprefix('torch.')}", f"threads={hardware.cpu_threads}"]
    if hardware.tiny_vae:
        if tiny_vae is None:
            raise ValueError("hardware.tiny_vae is set but this backend names no TAESD model")
        pipe.vae = tiny_vae()
        applied.append("tiny_vae")
    denoiser = denoiser_name(pipe)
    if getattr(pipe, denoiser).dtype != dtype:
        pipe.to(dtype=dtype)
    if hardware.device == "cuda" and hardware.cpu_offload == "model":
        pipe.enable_model_cpu_offload()
        applied.append("cpu_offload=model")
    elif hardware.device == "cuda" and hardware.cpu_offload == "sequential":
        pipe.enable_sequential_cpu_offload()
        applied.append("cpu_offload=sequential")
    else:
        pipe.to(hardware.device)
    if hardware.channels_last:  # NHWC helps convolutions: the UNet's and the decoder's
        if denoiser == "unet":
            pipe.unet.to(memory_format=torch.channels_last)
        pipe.vae.to(memory_format=torch.channels_last)
        applied.append("channels_last")
    if hardware.attention_slicing:
        pipe.enable_attention_slicing()
        applied.append("attention_slicing")
    if hardware.vae_tiling:
        pipe.vae.enable_tiling()
        applied.append("vae_tiling")
    if hardware.compile:
        mode = "reduce-overhead" if hardware.device == "cuda" else None
        setattr(pipe, denoiser, torch.compile(getattr(pipe, denoiser), mode=mode))
        pipe.vae.decode = torch.compile(pipe.vae.decode, mode=mode)
        applied.append("compile")
    log.info("generate: hardware %s: %s", hardware.name, ", ".join(applied))
    return applied


def _apply_onnxruntime(
    pipe: Any,
    hardware: HardwareProfile,
    tiny_vae: Callable[[], Any] | None,
    shape: dict[str, Any],
) -> list[str]:
    from voice2image.generate import onnx_runtime

    applied = ["runtime=onnxruntime", f"threads={hardware.cpu_threads}"]
    if hardware.tiny_vae:
        if tiny_vae is None:
            raise ValueError("hardware.tiny_vae is set but this backend names no TAESD model")
        pipe.vae = tiny_vae()
        applied.append("tiny_vae")
    if getattr(pipe, denoiser_name(pipe)).dtype != torch.float32:
        pipe.to(dtype=torch.float32)
    identity = shape.get("identity", {})
    replaced = onnx_runtime.install(
        pipe,
        hardware,
        identity,
        int(shape.get("width", 512)),
        int(shape.get("height", 512)),
        int(shape.get("max_sequence_length") or 256),
    )
    applied.append("onnx=" + "+".join(replaced))
    providers = onnx_runtime.providers(hardware.device)
    applied.append("provider=" + providers[0].removesuffix("ExecutionProvider"))
    log.info("generate: hardware %s: %s", hardware.name, ", ".join(applied))
    return applied
