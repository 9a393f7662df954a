"""Hardware profiles (`conf/hardware/*.yaml`): where models run and with how many threads."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HardwareProfile:
    name: str = "cpu"
    device: str = "cpu"  # "cpu" or "cuda"
    threads: int = 0  # 0: every core this process may use
    dtype: str = "float32"
    # Image generation (voice2image.generate); ASR engines ignore these.
    # dtype "auto": float16 on CUDA; on CPU bfloat16 where the CPU has native bf16 (AVX512-BF16
    # or AMX), else float32.
    channels_last: bool = False  # UNet and VAE in NHWC memory layout
    tiny_vae: bool = False  # decode with TAESD (the backend names which) instead of the KL VAE
    compile: bool = False  # torch.compile the UNet (and the decoder)
    attention_slicing: bool = False  # less memory, slower
    vae_tiling: bool = False  # decode large images tile by tile
    cpu_offload: str = "none"  # CUDA only: "none", "model" or "sequential"
    # "torch", or "onnxruntime": text encoders, denoiser and decoder exported to ONNX once
    # (into onnx_dir, default the model cache) and run by ONNX Runtime (float32).
    runtime: str = "torch"
    onnx_dir: str | None = None
    onnx_exporter: str = "torchscript"  # or "dynamo" (torch.onnx.export's two exporters)

    def __post_init__(self) -> None:
        if self.device not in ("cpu", "cuda"):
            raise ValueError(f"hardware.device must be 'cpu' or 'cuda', got '{self.device}'")
        if self.threads < 0:
            raise ValueError(f"hardware.threads must be >= 0, got {self.threads}")
        if self.cpu_offload not in ("none", "model", "sequential"):
            raise ValueError(
                f"hardware.cpu_offload must be 'none', 'model' or 'sequential', "
                f"got '{self.cpu_offload}'"
            )
        if self.runtime not in ("torch", "onnxruntime"):
            raise ValueError(
                f"hardware.runtime must be 'torch' or 'onnxruntime', got '{self.runtime}'"
            )
        if self.runtime == "onnxruntime":
            torch_only = [
                name
                for name in ("compile", "channels_last", "attention_slicing", "vae_tiling")
                if getattr(self, name)
            ]
            if self.cpu_offload != "none":
                torch_only.append("cpu_offload")
            if torch_only or self.dtype not in ("float32", "auto"):
                raise ValueError(
                    "hardware.runtime onnxruntime runs float32 ONNX graphs: "
                    f"{', '.join(torch_only) or f'dtype {self.dtype}'} "
                    "applies to the PyTorch runtime only"
                )

    @classmethod
    def from_config(cls, section: Any) -> HardwareProfile:
        """The `hardware` section of the config (conf/hardware/*.yaml)."""
        return cls(**section)

    @property
    def cpu_threads(self) -> int:
        return self.threads or len(os.sched_getaffinity(0))

    def apply(self) -> None:
        """Pin torch's intra-op threads, so every engine uses the same share of the machine."""
        try:
            import torch
        except ImportError:
            return
        torch.set_num_threads(self.cpu_threads)
