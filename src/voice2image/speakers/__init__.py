"""Who is speaking: speaker embeddings, an enrolment registry with per-speaker presets,
identification and diarization.

    from voice2image.speakers import (SpeakerRegistry, SpeakerSettings, diarize,
                                      identify_audio, load_embedder)

    embedder = load_embedder(cfg.speaker)                 # speaker=dvector | resemblyzer | ...
    settings = SpeakerSettings.from_config(cfg.speaker)
    registry = SpeakerRegistry(cfg.paths.registry)
    who = identify_audio(samples, embedder, registry, settings)  # Identification(name|None, score)
    turns = diarize(samples, 16000, embedder, registry, num_speakers=None,
                    threshold=settings.threshold, vad=settings.vad, options=settings.diarize)
    attribute(turns, [(start, end, text), ...])           # ASR segments -> speakers
    registry.profiles()[who.name]                         # SpeakerProfile: preset, tags, ...
"""

from typing import TYPE_CHECKING

from voice2image import lazy_exports

if TYPE_CHECKING:
    from voice2image.records import SpeakerProfile, Turn
    from voice2image.speakers.core import (
        Enrolment,
        SpeakerSettings,
        enroll_clips,
        identify_audio,
        load_embedder,
        speech_of,
    )
    from voice2image.speakers.diarization import (
        AttributedSegment,
        DiarizeOptions,
        attribute,
        diarize,
    )
    from voice2image.speakers.embedders import (
        DVectorEmbedder,
        ResemblyzerEmbedder,
        SpeakerEmbedder,
        XVectorEmbedder,
    )
    from voice2image.speakers.registry import (
        Identification,
        RegistryError,
        Speaker,
        SpeakerRegistry,
    )
    from voice2image.speakers.vad import EnrolOptions, VadOptions, speech_regions

__all__ = [
    "AttributedSegment",
    "DVectorEmbedder",
    "DiarizeOptions",
    "EnrolOptions",
    "Enrolment",
    "Identification",
    "RegistryError",
    "ResemblyzerEmbedder",
    "Speaker",
    "SpeakerEmbedder",
    "SpeakerProfile",
    "SpeakerRegistry",
    "SpeakerSettings",
    "Turn",
    "VadOptions",
    "XVectorEmbedder",
    "attribute",
    "diarize",
    "enroll_clips",
    "identify_audio",
    "load_embedder",
    "speech_of",
    "speech_regions",
]
__getattr__ = lazy_exports(
    __name__,
    {
        **dict.fromkeys(["SpeakerProfile", "Turn"], "voice2image.records"),
        **dict.fromkeys(
            [
                "Enrolment",
                "SpeakerSettings",
                "enroll_clips",
                "identify_audio",
                "load_embedder",
                "speech_of",
            ],
            "core",
        ),  # fmt: skip
        **dict.fromkeys(
            ["AttributedSegment", "DiarizeOptions", "attribute", "diarize"], "diarization"
        ),
        **dict.fromkeys(
            ["DVectorEmbedder", "ResemblyzerEmbedder", "SpeakerEmbedder", "XVectorEmbedder"],
            "embedders",
        ),
        **dict.fromkeys(
            ["Identification", "RegistryError", "Speaker", "SpeakerRegistry"], "registry"
        ),
        **dict.fromkeys(["EnrolOptions", "VadOptions", "speech_regions"], "vad"),
    },
)
