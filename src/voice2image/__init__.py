"""voice2image: spoken picture descriptions to structured prompts to images, measured."""

__version__ = "0.1.0"
