"""How the orchestrator reaches ASR and image generation: in-process (the models in this
process, behind their gates) or over HTTP (httpx) when `serve.asr_url`/`serve.image_url` name
the other services. Remote errors come back as the same JSON errors, status kept."""

from __future__ import annotations

import base64
import uuid
from typing import Any, Protocol

import httpx
from starlette.concurrency import run_in_threadpool

from voice2image.audio import AudioLimits
from voice2image.services import audio_io
from voice2image.services.core import ImageCore, Picture, SpeechCore
from voice2image.services.errors import ApiError
from voice2image.services.gate import ModelGate
from voice2image.services.schemas import ImageIn, PromptIn, PromptOut, TranscriptOut


class ASRClient(Protocol):
    async def transcribe(self, data: bytes, identify: bool = True) -> TranscriptOut: ...

    async def info(self) -> dict[str, Any]: ...


class ImageClient(Protocol):
    async def prompt(self, request: PromptIn) -> PromptOut: ...

    async def info(self) -> dict[str, Any]: ...

    async def image(self, request: ImageIn) -> tuple[PromptOut, Picture]: ...


class LocalASR:
    def __init__(self, core: SpeechCore, gate: ModelGate, limits: AudioLimits) -> None:
        self.core = core
        self.gate = gate
        self.limits = limits

    async def transcribe(self, data: bytes, identify: bool = True) -> TranscriptOut:
        audio = await run_in_threadpool(audio_io.decode, data, self.limits)
        item_id = uuid.uuid4().hex[:12]
        return await self.gate.run(self.core.transcribe, audio, item_id, identify)

    async def info(self) -> dict[str, Any]:
        return self.core.info()


class LocalImage:
    def __init__(self, core: ImageCore, gate: ModelGate) -> None:
        self.core = core
        self.gate = gate

    async def prompt(self, request: PromptIn) -> PromptOut:
        return await self.gate.run(self.core.prompt, request)

    async def image(self, request: ImageIn) -> tuple[PromptOut, Picture]:
        return await self.gate.run(self.core.image, request)

    async def info(self) -> dict[str, Any]:
        return self.core.info()


def _raise_for(response: httpx.Response, service: str) -> None:
    if response.status_code < 400:
        return
    try:
        error = response.json()["error"]
        code, message = str(error["code"]), str(error["message"])
    except (ValueError, KeyError, TypeError):
        code, message = "upstream", response.text[:200]
    headers = {k: v for k, v in response.headers.items() if k.lower() == "retry-after"}
    status = response.status_code if response.status_code < 500 or headers else 502
    raise ApiError(status, code, f"{service} service: {message}", headers)


class _Remote:
    def __init__(self, url: str, service: str, timeout_s: float, info_path: str) -> None:
        self.service = service
        self.info_path = info_path
        self.client = httpx.AsyncClient(base_url=url.rstrip("/"), timeout=timeout_s)

    async def _post(self, path: str, **kwargs: object) -> httpx.Response:
        try:
            response = await self.client.post(path, **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            raise ApiError(504, "timeout", f"the {self.service} service did not answer") from None
        except httpx.HTTPError as exc:
            message = f"the {self.service} service at {self.client.base_url} is unreachable ({exc})"
            raise ApiError(502, "upstream_unreachable", message) from None
        _raise_for(response, self.service)
        return response

    async def info(self) -> dict[str, Any]:
        try:
            response = await self.client.get(self.info_path)
        except httpx.HTTPError as exc:
            message = f"the {self.service} service at {self.client.base_url} is unreachable ({exc})"
            raise ApiError(502, "upstream_unreachable", message) from None
        _raise_for(response, self.service)
        return dict(response.json())

    async def close(self) -> None:
        await self.client.aclose()


class RemoteASR(_Remote):
    def __init__(self, url: str, timeout_s: float) -> None:
        super().__init__(url, "asr", timeout_s, "/v1/asr")

    async def transcribe(self, data: bytes, identify: bool = True) -> TranscriptOut:
        files = {"audio": ("audio", data, "application/octet-stream")}
        response = await self._post(
            "/v1/transcribe", files=files, data={"identify": str(identify).lower()}
        )
        return TranscriptOut.model_validate(response.json())


class RemoteImage(_Remote):
    def __init__(self, url: str, timeout_s: float) -> None:
        super().__init__(url, "image", timeout_s, "/v1/backends")

    async def prompt(self, request: PromptIn) -> PromptOut:
        response = await self._post("/v1/prompt", json=request.model_dump(mode="json"))
        return PromptOut.model_validate(response.json())

    async def image(self, request: ImageIn) -> tuple[PromptOut, Picture]:
        if request.description is not None:
            # Rendered here only to report the prompt; the image service renders the same
            # description itself, so a second prompt (SDXL) and the speaker's diffusion
            # options reach the generator as they do in-process.
            prompt = await self.prompt(
                PromptIn.model_validate(request.model_dump(include=set(PromptIn.model_fields)))
            )
        else:
            prompt = PromptOut(
                prompt=str(request.prompt),
                negative_prompt=request.negative_prompt,
                seed=0,
                backend="",
            )
        response = await self._post(
            "/v1/image", json=request.model_dump(mode="json", exclude_none=True)
        )
        headers = response.headers
        picture = Picture(
            response.content,
            int(headers.get("x-seed", 0)),
            headers.get("x-mode", ""),
            headers.get("x-backend", ""),
            int(headers.get("x-width", 0)),
            int(headers.get("x-height", 0)),
            float(headers.get("x-latency-s", 0.0)),
        )
        prompt.seed, prompt.backend = picture.seed, picture.backend
        return prompt, picture


def encode_png(png: bytes) -> str:
    return base64.b64encode(png).decode("ascii")
