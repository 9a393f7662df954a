"""Speech recognisers behind one interface (`ASREngine`), chosen by `conf/asr/*.yaml`."""

from voice2image.asr.base import ASREngine, AudioClip, TimedTranscription
from voice2image.asr.faster_whisper_engine import FasterWhisperASR
from voice2image.asr.openai_whisper_engine import OpenAIWhisperASR
from voice2image.asr.pocketsphinx_engine import PocketSphinxASR
from voice2image.asr.reference import ReferenceASR
from voice2image.asr.vosk_engine import VoskASR

__all__ = [
    "ASREngine",
    "AudioClip",
    "FasterWhisperASR",
    "OpenAIWhisperASR",
    "PocketSphinxASR",
    "ReferenceASR",
    "TimedTranscription",
    "VoskASR",
]
