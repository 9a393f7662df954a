"""Speech recognisers behind one interface (`ASREngine`, `base`), chosen by `conf/asr/*.yaml`.
A backend is one class in its own module and one YAML file naming it with `_target_`."""

from typing import TYPE_CHECKING

from voice2image import lazy_exports

if TYPE_CHECKING:
    from voice2image.asr.base import ASREngine, AudioClip, TimedTranscription
    from voice2image.asr.faster_whisper_engine import FasterWhisperASR
    from voice2image.asr.openai_whisper_engine import OpenAIWhisperASR
    from voice2image.asr.pocketsphinx_engine import PocketSphinxASR
    from voice2image.asr.reference import ReferenceASR
    from voice2image.asr.routed import LanguageRoutedASR
    from voice2image.asr.vosk_engine import VoskASR

__all__ = [
    "ASREngine",
    "AudioClip",
    "FasterWhisperASR",
    "LanguageRoutedASR",
    "OpenAIWhisperASR",
    "PocketSphinxASR",
    "ReferenceASR",
    "TimedTranscription",
    "VoskASR",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "ASREngine": "base",
        "AudioClip": "base",
        "TimedTranscription": "base",
        "FasterWhisperASR": "faster_whisper_engine",
        "OpenAIWhisperASR": "openai_whisper_engine",
        "PocketSphinxASR": "pocketsphinx_engine",
        "ReferenceASR": "reference",
        "LanguageRoutedASR": "routed",
        "VoskASR": "vosk_engine",
    },
)
