"""The one interface every image generator implements, and what goes in and out of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass
class GenerationRequest:
    """One image to make. `reference_image` (a PIL image) switches to image-to-image (or feeds
    the IP-Adapter, where the backend is configured with one)."""

    id: str
    prompt: str
    seed: int
    negative_prompt: str = ""
    prompt_2: str | None = None
    negative_prompt_2: str | None = None
    reference_image: Any = None
    # Per-request overrides of the backend's steps / guidance_scale / strength (a speaker's
    # profile); empty: the configured values.
    options: dict[str, float] = field(default_factory=dict)


@dataclass
class StageTimes:
    """Seconds spent in each part of a pipeline call (for a batch: the batch's share)."""

    text_s: float = 0.0
    denoise_s: float = 0.0
    decode_s: float = 0.0

    @property
    def total_s(self) -> float:
        return self.text_s + self.denoise_s + self.decode_s

    def share(self, parts: int) -> StageTimes:
        return StageTimes(self.text_s / parts, self.denoise_s / parts, self.decode_s / parts)


@dataclass
class GenerationResult:
    id: str
    image: Any  # PIL.Image.Image
    seed: int
    times: StageTimes = field(default_factory=StageTimes)
    batch_size: int = 1
    mode: str = "text2img"  # "text2img", "img2img" or "ip_adapter"


@runtime_checkable
class ImageGenerator(Protocol):
    """Load once with `load()`, then `generate()` batches of requests; results keep their order.

    `describe()` gives what the PNG metadata and the run record say about the model.
    """

    name: str

    def load(self) -> None: ...

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]: ...

    def describe(self) -> dict[str, Any]: ...
