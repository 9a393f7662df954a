"""Hardware profile -> pipeline settings: dtype, device, memory layout, TAESD, compile, memory.

Every option here is a documented diffusers/PyTorch switch; none changes what the model computes
except `tiny_vae` (TAESD approximates the KL VAE decoder) and lower-precision dtypes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import torch

from voice2image.hardware import HardwareProfile

log = logging.getLogger(__name__)

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


@cache
def cpu_has_native_bf16() -> bool:
    """True where the CPU computes bfloat16 in hardware (AVX512-BF16 or AMX); elsewhere
    PyTorch emulates it and bfloat16 is slower than float32."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


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


def apply(
    pipe: Any, hardware: HardwareProfile, tiny_vae: Callable[[], Any] | None = None
) -> list[str]:
    """Configure a loaded pipeline in place for `hardware`; returns what was applied."""
    hardware.apply()
    dtype = resolve_dtype(hardware)
    applied = [f"dtype={str(dtype).removeprefix('torch.')}", f"threads={hardware.cpu_threads}"]
    if hardware.tiny_vae:
        if tiny_vae is None:
            raise ValueError("hardware.tiny_vae is set but this backend names no TAESD model")
        pipe.vae = tiny_vae()
        applied.append("tiny_vae")
    if pipe.unet.dtype != dtype:
        pipe.to(dtype=dtype)
    if hardware.device == "cuda" and hardware.cpu_offload == "model":
        pipe.enable_model_cpu_offload()
        applied.append("cpu_offload=model")
    elif hardware.device == "cuda" and hardware.cpu_offload == "sequential":
        pipe.enable_sequential_cpu_offload()
        applied.append("cpu_offload=sequential")
    else:
        pipe.to(hardware.device)
    if hardware.channels_last:
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
        pipe.unet = torch.compile(pipe.unet, mode=mode)
        pipe.vae.decode = torch.compile(pipe.vae.decode, mode=mode)
        applied.append("compile")
    log.info("generate: hardware %s: %s", hardware.name, ", ".join(applied))
    return applied
