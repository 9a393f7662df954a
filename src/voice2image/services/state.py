"""Everything one service process holds: its roles, settings, models (loaded once, in the
background, so `/health` answers while they load), the gate in front of each model, the
orchestrator's clients, recent images and meeting rooms."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from voice2image.audio import AudioLimits
from voice2image.services.clients import (
    ASRClient,
    ImageClient,
    LocalASR,
    LocalImage,
    RemoteASR,
    RemoteImage,
)
from voice2image.services.core import ImageCore, SpeechCore, TextCore
from voice2image.services.errors import ApiError
from voice2image.services.gate import ModelGate
from voice2image.services.settings import ROLES, ServiceConfig
from voice2image.services.speaker import SpeakerID

log = logging.getLogger(__name__)


class ServiceState:
    def __init__(self, roles: Iterable[str], config: ServiceConfig) -> None:
        self.roles = [r for r in ROLES if r in set(roles)]
        unknown = set(roles) - set(ROLES)
        if unknown or not self.roles:
            raise ValueError(f"roles must be among {', '.join(ROLES)}, got {sorted(roles)}")
        self.config = config
        self.settings = s = config.settings
        orchestrator = "orchestrator" in self.roles
        self.has_speech = "asr" in self.roles or (orchestrator and not s.asr_url)
        self.has_image = "image" in self.roles or (orchestrator and not s.image_url)
        self.has_text = orchestrator
        self.limits = AudioLimits(max_duration_s=s.max_audio_s, min_duration_s=s.min_audio_s)
        self.speech: SpeechCore | None = None
        self.text: TextCore | None = None
        self.image: ImageCore | None = None
        self.gates = {
            name: ModelGate(
                name, s.model_concurrency, s.max_waiting, s.retry_after_s, s.request_timeout_s
            )
            for name, wanted in (
                ("asr", self.has_speech),
                ("text", self.has_text),
                ("image", self.has_image),
            )
            if wanted
        }
        self.asr: ASRClient | None = None
        self.images: ImageClient | None = None
        self._remotes: list[RemoteASR | RemoteImage] = []
        if orchestrator and s.asr_url:
            self.asr = RemoteASR(s.asr_url, s.request_timeout_s)
            self._remotes.append(self.asr)
        if orchestrator and s.image_url:
            self.images = RemoteImage(s.image_url, s.request_timeout_s)
            self._remotes.append(self.images)
        self.inflight = 0
        self.results: OrderedDict[str, bytes] = OrderedDict()
        self.ready = False
        self.error: str | None = None
        self.load_s: float | None = None
        self._built = False
        self._thread: threading.Thread | None = None
        from voice2image.services.meeting import MeetingHub

        self.meetings = MeetingHub(s.meeting)

    def build(self) -> None:
        """Instantiate the models from the config (a bad config fails here, before serving)."""
        if self._built:
            return
        cfg = self.config.cfg
        if self.has_speech:
            self.speech = SpeechCore(cfg)
            self.asr = self.asr or LocalASR(self.speech, self.gates["asr"], self.limits)
        if self.has_text:
            self.text = TextCore(cfg)
        if self.has_image:
            self.image = ImageCore(
                self.config.backends,
                int(self.settings.max_reference_mb * 2**20),
                str(cfg.paths.presets),
            )
            self.image.speakers = self.speech.speakers if self.speech else SpeakerID(cfg)
            self.images = self.images or LocalImage(self.image, self.gates["image"])
        self._built = True

    def load(self) -> None:
        started = time.perf_counter()
        self.build()
        for core in (self.speech, self.text, self.image):
            if core is not None:
                core.load()
        if self.image is not None and self.speech is None and self.image.speakers is not None:
            self.image.speakers.load(embedder=False)
        self.load_s = round(time.perf_counter() - started, 2)
        self.ready = True
        log.info("models loaded in %.1f s (%s)", self.load_s, ", ".join(self.roles))

    def _load_logged(self) -> None:
        try:
            self.load()
        except Exception as exc:  # reported by /ready and every model endpoint
            self.error = f"{type(exc).__name__}: {exc}"
            log.error("loading the models failed: %s", self.error)

    def start_loading(self) -> None:
        self._thread = threading.Thread(target=self._load_logged, name="load-models", daemon=True)
        self._thread.start()

    def wait_loaded(self, timeout_s: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout_s)
        return self.ready

    def require_ready(self) -> None:
        if self.ready:
            return
        if self.error:
            raise ApiError(503, "not_ready", f"models failed to load: {self.error}")
        raise ApiError(
            503,
            "not_ready",
            "models are still loading",
            {"Retry-After": str(self.settings.retry_after_s)},
        )

    def models(self) -> dict[str, str]:
        named: dict[str, str] = {}
        if self.speech is not None:
            named["asr"] = self.speech.engine.name
        if self.text is not None:
            named["structure"] = self.text.structurer.name
        if self.image is not None:
            named["enrich"] = self.image.enricher.name
            named["diffusion"] = ", ".join(self.image.backends)
        if self.settings.asr_url and "orchestrator" in self.roles:
            named["asr"] = f"remote {self.settings.asr_url}"
        if self.settings.image_url and "orchestrator" in self.roles:
            named["diffusion"] = f"remote {self.settings.image_url}"
        return named

    def keep_result(self, key: str, png: bytes) -> None:
        self.results[key] = png
        while len(self.results) > self.settings.results_kept:
            self.results.popitem(last=False)

    async def close(self) -> None:
        for remote in self._remotes:
            await remote.close()
        for gate in self.gates.values():
            gate.close()


def get_state(connection: HTTPConnection) -> ServiceState:
    """The route dependency (tests swap it with `app.dependency_overrides`)."""
    state: ServiceState = connection.app.state.services
    return state


StateDep = Annotated[ServiceState, Depends(get_state)]
