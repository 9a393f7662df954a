"""The models a service process holds, loaded once, each called through the same per-item
functions and row models the DVC stages use (`pipeline.transcribe.transcribe_clips`,
`pipeline.structure.structure_item`, `pipeline.enrich.prompt_for`,
`pipeline.generate.build_generator` + `generate.png.png_bytes`). Calls are synchronous: the
services run them in a model's worker thread (`gate.ModelGate`)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from omegaconf import DictConfig

from voice2image.asr.base import AudioClip
from voice2image.audio import SAMPLE_RATE, LoadedAudio
from voice2image.config import fingerprint
from voice2image.enrich.basic import PresetsEnricher
from voice2image.enrich.presets import load_presets
from voice2image.enrich.prompting import TokenCounter
from voice2image.generate.base import GenerationRequest
from voice2image.generate.png import png_bytes
from voice2image.pipeline import enrich, generate, structure, transcribe
from voice2image.records import TranscriptRecord
from voice2image.seeding import item_seed, seed_everything
from voice2image.services.errors import ApiError
from voice2image.services.schemas import (
    ImageIn,
    PromptIn,
    PromptOut,
    StructureOut,
    TranscriptOut,
)
from voice2image.services.speaker import SpeakerID


class SpeechCore:
    """The ASR engine (`asr`, `hardware`) and, when configured, speaker identification."""

    def __init__(self, cfg: DictConfig) -> None:
        self.seed = int(cfg.get("seed", 0))
        self.engine = transcribe.build_engine(cfg.asr, cfg.hardware)
        self.speakers = SpeakerID(cfg)

    def load(self, warm_up: bool = True) -> None:
        seed_everything(self.seed)
        self.engine.load()
        self.speakers.load()
        if not warm_up:
            return
        # One throwaway call, so the first request does not pay for the engine's warm-up.
        tone = 0.1 * np.sin(np.arange(SAMPLE_RATE) * 2 * np.pi * 220 / SAMPLE_RATE)
        warm = LoadedAudio(tone.astype(np.float32), 1.0)
        self.transcribe(warm, "warm-up", identify=False)

    def info(self) -> dict[str, Any]:
        return {"asr": self.engine.name, "speakers": self.speakers.names()}

    def transcribe(self, audio: LoadedAudio, item_id: str, identify: bool = True) -> TranscriptOut:
        # Whisper's temperature fallback samples: reseed, so an answer depends on the audio
        # alone, not on what this process transcribed before.
        seed_everything(self.seed)
        clip = AudioClip(item_id, audio.samples)
        record = transcribe.transcribe_clips(self.engine, [(clip, [])])[0]
        if record.status != "ok":
            raise ApiError(500, "asr_failed", f"the ASR engine failed: {record.error}")
        speaker, identify_s = None, None
        if identify:
            started = time.perf_counter()
            speaker = self.speakers.identify(audio.samples)
            if speaker is not None:  # None: identification is off
                identify_s = round(time.perf_counter() - started, 4)
        return TranscriptOut(
            id=item_id,
            text=record.text,
            language=record.language,
            language_probability=record.language_probability,
            duration_s=round(audio.duration_s, 3),
            speaker=speaker,
            segments=record.segments,
            warnings=[*audio.warnings, *record.warnings],
            engine=self.engine.name,
            latency_s=record.latency_s,
            identify_s=identify_s,
        )


class TextCore:
    """The structurer (`structure`)."""

    def __init__(self, cfg: DictConfig) -> None:
        self.structurer = structure.build_structurer(cfg.structure)

    def load(self) -> None:
        self.structurer.load()

    def structure(self, transcript: TranscriptOut) -> StructureOut:
        speaker = transcript.speaker.name if transcript.speaker else None
        heard = TranscriptRecord(
            id=transcript.id,
            status="ok",
            engine=transcript.engine,
            text=transcript.text,
            language=transcript.language,
        )
        record = structure.structure_item(
            self.structurer, transcript.id, heard, None, speaker or "unknown"
        )
        if record.status != "ok":
            raise ApiError(422, "structure_failed", str(record.error))
        return StructureOut.model_validate(record.to_row())


@dataclass
class Backend:
    """One image backend: its config, generator, render options and token counter."""

    cfg: DictConfig
    generator: Any
    options: Any
    run_hash: str
    counter: TokenCounter | None = None


@dataclass
class Picture:
    png: bytes
    seed: int
    mode: str
    backend: str
    width: int
    height: int
    latency_s: float

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.png).hexdigest()


class ImageCore:
    """The enricher (`enrich`), the preset library (`presets`, `paths.presets`) and one
    generator per image backend (`diffusion`)."""

    def __init__(
        self, backends: dict[str, DictConfig], max_reference_bytes: int, presets: str | Path
    ) -> None:
        first = next(iter(backends.values()))
        self.seed = int(first.get("seed", 0))
        self.enricher = enrich.build_enricher(first.enrich)
        self.library_path = presets
        self.library = load_presets(presets)
        self.presets = sorted(self.library)
        self._preset_enrichers: dict[str, PresetsEnricher] = {}
        self.max_reference_bytes = max_reference_bytes
        self.backends = {
            name: Backend(
                cfg,
                generate.build_generator(cfg.diffusion, cfg.hardware),
                enrich.render_options(cfg.enrich, str(cfg.diffusion.family)),
                generate.config_hash(cfg.diffusion, cfg.hardware, self.seed),
            )
            for name, cfg in backends.items()
        }
        self.default = next(iter(self.backends))
        self.speakers: SpeakerID | None = None

    def load(self, warm_up: bool = True) -> None:
        """`warm_up`: draw one throwaway image per backend, so the first request does not pay
        for the first call (a one-shot command skips it: it would pay twice)."""
        self.enricher.load()
        for name, backend in self.backends.items():
            backend.counter = TokenCounter(backend.options)
            backend.generator.load()
            if warm_up:
                self.draw(PromptOut(prompt="warm-up", seed=0, backend=name), backend)

    def info(self) -> dict[str, Any]:
        return {
            "enricher": self.enricher.name,
            "backends": list(self.backends),
            "default_backend": self.default,
            "presets": self.presets,
        }

    def backend(self, name: str | None) -> Backend:
        chosen = name or self.default
        if chosen not in self.backends:
            known = ", ".join(self.backends)
            raise ApiError(
                422, "unknown_backend", f"unknown backend '{chosen}' (this service: {known})"
            )
        return self.backends[chosen]

    def _enricher(self, preset: str | None) -> Any:
        if preset is None:
            return self.enricher
        if preset not in self.presets:
            raise ApiError(
                422,
                "unknown_preset",
                f"unknown preset '{preset}'; known: {', '.join(self.presets)}",
            )
        if preset not in self._preset_enrichers:
            self._preset_enrichers[preset] = PresetsEnricher(self.library_path, preset)
        return self._preset_enrichers[preset]

    def prompt(self, request: PromptIn) -> PromptOut:
        backend = self.backend(request.backend)
        description = request.description
        # the seed follows the content
        item_id = fingerprint(description.model_dump(mode="json"), request.cleaned)
        enricher = self._enricher(request.preset)
        # An enrolled speaker's profile (preset, tags, negative) joins the prompt, as in the
        # enrich stage, unless the request names a preset itself.
        profile = None
        if request.preset is None and self.speakers is not None:
            profile = self.speakers.profile_of(request.speaker)
        assert backend.counter is not None, "load() first"
        row = enrich.prompt_for(
            enricher, item_id, description, request.cleaned, request.speaker, profile,
            self.library, backend.options, backend.counter, self.seed,
        )  # fmt: skip
        if row.status != "ok":
            raise ApiError(422, "nothing_to_draw", str(row.error))
        seed = row.seed if request.seed is None else request.seed
        return PromptOut.model_validate(
            row.to_row() | {"seed": seed, "backend": request.backend or self.default}
        )

    def image(self, request: ImageIn) -> tuple[PromptOut, Picture]:
        backend = self.backend(request.backend)
        if request.description is not None:
            prompt = self.prompt(
                PromptIn.model_validate(request.model_dump(include=set(PromptIn.model_fields)))
            )
        else:
            text = str(request.prompt)
            seed = item_seed(self.seed, text) if request.seed is None else request.seed
            prompt = PromptOut(
                prompt=text,
                negative_prompt=request.negative_prompt,
                seed=seed,
                backend=request.backend or self.default,
            )
        reference = self._reference(request.reference_image)
        return prompt, self.draw(prompt, backend, reference)

    def draw(self, prompt: PromptOut, backend: Backend, reference: Any = None) -> Picture:
        started = time.perf_counter()
        generation_request = GenerationRequest(
            id="request",
            prompt=prompt.prompt,
            seed=prompt.seed,
            negative_prompt=prompt.negative_prompt,
            prompt_2=prompt.prompt_2,
            negative_prompt_2=prompt.negative_prompt_2,
            reference_image=reference,
            options=dict(prompt.diffusion or {}),
        )
        result = backend.generator.generate([generation_request])[0]
        text = {
            "prompt": prompt.prompt,
            "negative_prompt": prompt.negative_prompt,
            "seed": str(prompt.seed),
            "config_hash": backend.run_hash,
            "mode": result.mode,
            **{k: str(v) for k, v in backend.generator.describe().items()},
        }
        width, height = result.image.size
        return Picture(
            png_bytes(result.image, text),
            prompt.seed,
            result.mode,
            prompt.backend,
            width,
            height,
            round(time.perf_counter() - started, 4),
        )

    def _reference(self, encoded: str | None) -> Any:
        if not encoded:
            return None
        from PIL import Image

        if encoded.startswith("data:"):
            encoded = encoded.partition(",")[2]
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ApiError(422, "bad_reference", "reference_image is not valid base64") from None
        if len(raw) > self.max_reference_bytes:
            raise ApiError(413, "reference_too_large", "reference_image is over the size limit")
        try:
            with Image.open(io.BytesIO(raw)) as opened:
                if opened.format not in ("PNG", "JPEG", "WEBP"):
                    raise ValueError(f"format {opened.format}")
                if opened.width * opened.height > 4096 * 4096:
                    raise ValueError("larger than 4096 x 4096")
                return opened.convert("RGB")
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            raise ApiError(
                422, "bad_reference", f"reference_image is not a usable PNG/JPEG/WebP ({exc})"
            ) from None
