"""Speaker identification for the services, through `voice2image.speakers`. Optional: off when
no `speaker` config is composed, when it is `none`, or when no registry file exists."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
from omegaconf import DictConfig

from voice2image.records import SpeakerProfile
from voice2image.services.schemas import SpeakerOut

log = logging.getLogger(__name__)


def registry_path(cfg: DictConfig) -> Path | None:
    """`paths.registry` (the service's config makes it absolute, `settings.service_config`)."""
    raw = (cfg.get("paths") or {}).get("registry")
    return Path(str(raw)) if raw else None


class SpeakerID:
    """Who is speaking, against the enrolled speakers; `enabled` is False when there is nothing
    to identify against (`reason` says why)."""

    def __init__(self, cfg: DictConfig) -> None:
        self.section = cfg.get("speaker")
        self.path = registry_path(cfg)
        self.reason = ""
        if self.section is None or str(self.section.get("name", "none")) == "none":
            self.reason = "no speaker config (speaker=none)"
        elif self.path is None or not self.path.is_file():
            self.reason = f"no speaker registry at {self.path}"
        self.enabled = not self.reason
        self._embedder: Any = None
        self._registry: Any = None
        self._settings: Any = None

    def load(self, embedder: bool = True) -> None:
        """Open the registry and, unless only presets are needed, load the embedder."""
        if not self.enabled:
            log.info("speaker identification off: %s", self.reason)
            return
        from voice2image.speakers import SpeakerRegistry, SpeakerSettings, load_embedder

        self._settings = SpeakerSettings.from_config(self.section)
        self._registry = SpeakerRegistry(self.path)  # type: ignore[arg-type]
        if embedder:
            self._embedder = load_embedder(self.section)

    def names(self) -> list[str]:
        if self._registry is None:
            return []
        return sorted(self._registry.profiles())

    def profile_of(self, name: str | None) -> SpeakerProfile | None:
        """The enrolled speaker's profile (preset, tags, negative, diffusion)."""
        if self._registry is None or not name:
            return None
        profile: SpeakerProfile | None = self._registry.profiles().get(name)
        return profile

    def preset_of(self, name: str | None) -> str | None:
        profile = self.profile_of(name)
        return profile.preset if profile else None

    def identify(self, samples: np.ndarray) -> SpeakerOut | None:
        if self._embedder is None:
            return None
        from voice2image.speakers import identify_audio

        who = identify_audio(samples, self._embedder, self._registry, self._settings)
        return SpeakerOut(
            name=who.name,
            score=round(float(who.score), 4),
            best=who.best,
            preset=self.preset_of(who.name),
        )
