"""Image generation: one `ImageGenerator` interface (`base`), diffusers backends and random
pipelines (`diffusers_backend`), chosen by `conf/diffusion/*.yaml`; PNGs with their metadata
(`png`)."""

from typing import TYPE_CHECKING

from voice2image import lazy_exports

if TYPE_CHECKING:
    from voice2image.generate.base import (
        GenerationRequest,
        GenerationResult,
        ImageGenerator,
        StageTimes,
    )
    from voice2image.generate.diffusers_backend import DiffusersGenerator, RandomGenerator

__all__ = [
    "DiffusersGenerator",
    "GenerationRequest",
    "GenerationResult",
    "ImageGenerator",
    "RandomGenerator",
    "StageTimes",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "GenerationRequest": "base",
        "GenerationResult": "base",
        "ImageGenerator": "base",
        "StageTimes": "base",
        "DiffusersGenerator": "diffusers_backend",
        "RandomGenerator": "diffusers_backend",
    },
)
