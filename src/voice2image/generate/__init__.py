"""Image generation: one `ImageGenerator` interface, diffusers backends, random pipelines."""

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
