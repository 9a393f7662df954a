"""Hardware profiles (`conf/hardware/*.yaml`): where models run and with how many threads."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class HardwareProfile:
    name: str = "cpu"
    device: str = "cpu"  # "cpu" or "cuda"
    threads: int = 0  # 0: every core this process may use
    dtype: str = "float32"

    def __post_init__(self) -> None:
        if self.device not in ("cpu", "cuda"):
            raise ValueError(f"hardware.device must be 'cpu' or 'cuda', got '{self.device}'")
        if self.threads < 0:
            raise ValueError(f"hardware.threads must be >= 0, got {self.threads}")

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
