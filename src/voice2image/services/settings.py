"""What a service process is configured with: the composed Hydra config plus its `serve`
section, validated, and the config of each image backend it offers."""

from __future__ import annotations

from dataclasses import dataclass, field

from omegaconf import DictConfig
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from voice2image.compose import compose_config
from voice2image.config import CONF_DIR, to_plain
from voice2image.paths import project_root

ROLES = ("asr", "image", "orchestrator")


class MeetingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_rooms: int = Field(default=16, ge=1)
    max_participants: int = Field(default=8, ge=1)
    img2img: bool = True


class ServeSettings(BaseModel):
    """`conf/serve/default.yaml`; every limit the services enforce."""

    model_config = ConfigDict(extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    asr_url: str | None = None
    image_url: str | None = None
    max_upload_mb: float = Field(default=16, gt=0)
    max_audio_s: float = Field(default=60.0, gt=0)
    min_audio_s: float = Field(default=0.3, ge=0)
    request_timeout_s: float = Field(default=120.0, gt=0)
    model_concurrency: int = Field(default=1, ge=1)
    max_waiting: int = Field(default=8, ge=0)
    retry_after_s: int = Field(default=2, ge=1)
    max_inflight: int = Field(default=32, ge=1)
    max_prompt_chars: int = Field(default=2000, ge=1)
    max_reference_mb: float = Field(default=8, gt=0)
    image_backends: list[str] = Field(default_factory=list)
    results_kept: int = Field(default=64, ge=1)
    meeting: MeetingSettings = Field(default_factory=lambda: MeetingSettings())

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 2**20)


@dataclass
class ServiceConfig:
    """The composed config, its validated `serve` section, and one composed config per image
    backend (the default, `cfg.diffusion.name`, first)."""

    cfg: DictConfig
    settings: ServeSettings
    backends: dict[str, DictConfig] = field(default_factory=dict)

    @property
    def default_backend(self) -> str:
        return next(iter(self.backends))


def _with_serve(overrides: list[str]) -> list[str]:
    """`serve` is not in config.yaml's defaults: add it, honouring a `serve=<choice>`."""
    chosen = [o for o in overrides if o.split("=", 1)[0].lstrip("+") == "serve"]
    rest = [o for o in overrides if o not in chosen]
    choice = chosen[-1].split("=", 1)[1] if chosen else "default"
    return [f"+serve={choice}", *rest]


def service_config(overrides: list[str] | None = None) -> ServiceConfig:
    """Compose `conf/` with the overrides (as `dvc exp run -S` would) for the services."""
    overrides = _with_serve(list(overrides or []))
    # `paths.*` relative to the checkout whose conf/ the config came from, so a service
    # started from any folder finds the registry and the preset library.
    root = project_root(CONF_DIR.parent)
    cfg = compose_config(overrides, root)
    try:
        settings = ServeSettings.model_validate(to_plain(cfg.serve))
    except ValidationError as exc:
        raise ValueError(f"serve: {exc}") from None
    backends = {str(cfg.diffusion.name): cfg}
    for name in settings.image_backends:
        if name in backends:
            continue
        other = compose_config(
            [o for o in overrides if not o.startswith("diffusion")] + [f"diffusion={name}"], root
        )
        backends[str(other.diffusion.name)] = other
    return ServiceConfig(cfg, settings, backends)
