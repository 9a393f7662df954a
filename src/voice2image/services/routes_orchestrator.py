"""The orchestrator: audio in; transcript, structured description, prompt and image out. It
calls the ASR and image services over HTTP when configured with their URLs, else the models in
this process. Serves the web page too."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import FileResponse, Response, StreamingResponse

from voice2image.services.clients import encode_png
from voice2image.services.core import Picture
from voice2image.services.errors import ERROR_RESPONSES, ApiError, overloaded
from voice2image.services.routes_asr import read_upload
from voice2image.services.schemas import (
    ConfigOut,
    GenerateIn,
    GenerateOut,
    ImageFormat,
    ImageIn,
    ImageOut,
    ProcessOut,
    PromptIn,
    PromptOut,
    SpeakerOut,
    StepTimings,
    StructureOut,
    TranscriptOut,
)
from voice2image.services.state import ServiceState, StateDep

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
router = APIRouter(tags=["orchestrator"])

Emit = Callable[[str, dict[str, Any]], Awaitable[None]]


@router.get("/", include_in_schema=False)
async def page() -> FileResponse:
    return FileResponse(STATIC / "index.html")


@router.get("/meeting", include_in_schema=False)
async def meeting_page() -> FileResponse:
    return FileResponse(STATIC / "meeting.html")


@router.get("/v1/config", response_model=ConfigOut, responses=ERROR_RESPONSES)
async def config(state: StateDep) -> ConfigOut:
    """What the page offers: presets, backends, enrolled speakers, limits."""
    state.require_ready()
    assert state.asr is not None and state.images is not None and state.text is not None
    asr, images = await asyncio.gather(state.asr.info(), state.images.info())
    s = state.settings
    return ConfigOut(
        asr=asr.get("asr"),
        structurer=state.text.structurer.name,
        enricher=images.get("enricher"),
        backends=images.get("backends", []),
        default_backend=images.get("default_backend"),
        presets=images.get("presets", []),
        speakers=asr.get("speakers", []),
        limits={
            "max_upload_mb": s.max_upload_mb,
            "max_audio_s": s.max_audio_s,
            "min_audio_s": s.min_audio_s,
            "request_timeout_s": s.request_timeout_s,
        },
    )


def image_out(state: ServiceState, picture: Picture, image_format: ImageFormat) -> ImageOut:
    fields: dict[str, Any] = {"format": image_format}
    if image_format == "url":
        key = f"{picture.sha256[:16]}-{uuid.uuid4().hex[:8]}"
        state.keep_result(key, picture.png)
        fields["url"] = f"/v1/results/{key}.png"
    else:
        fields["data"] = encode_png(picture.png)
    return ImageOut(
        sha256=picture.sha256,
        seed=picture.seed,
        mode=picture.mode,
        backend=picture.backend,
        width=picture.width,
        height=picture.height,
        latency_s=picture.latency_s,
        **fields,
    )


async def draw(
    state: ServiceState, request: PromptIn, reference: str | None = None
) -> tuple[PromptOut, Picture]:
    """Prompt and picture for a description, through the image service (or model)."""
    assert state.images is not None
    fields = request.model_dump(exclude_none=True)
    return await state.images.image(ImageIn(**fields, reference_image=reference))


async def structure(state: ServiceState, transcript: TranscriptOut) -> StructureOut:
    assert state.text is not None
    return await state.gates["text"].run(state.text.structure, transcript)


class Inflight:
    """At most `max_inflight` orchestrator requests at once (each holds its upload)."""

    def __init__(self, state: ServiceState) -> None:
        self.state = state

    def __enter__(self) -> Inflight:
        s = self.state.settings
        if self.state.inflight >= s.max_inflight:
            raise overloaded("orchestrator", s.retry_after_s)
        self.state.inflight += 1
        return self

    def __exit__(self, *_: object) -> None:
        self.state.inflight -= 1


async def process_audio(
    state: ServiceState,
    data: bytes,
    options: dict[str, Any],
    emit: Emit,
) -> ProcessOut:
    """Audio to picture, step by step; `emit(stage, payload)` reports each step."""
    assert state.asr is not None
    started = time.perf_counter()
    await emit("transcribing", {})
    transcript = await state.asr.transcribe(data, identify=True)
    if options.get("speaker"):
        heard = transcript.speaker
        transcript.speaker = SpeakerOut(name=options["speaker"], best=heard.best if heard else None)
    asr_s = time.perf_counter() - started
    await emit("transcript", {"transcript": transcript.model_dump(mode="json")})
    step = time.perf_counter()
    structured = await structure(state, transcript)
    structure_s = time.perf_counter() - step
    await emit("structure", {"structure": structured.model_dump(mode="json")})
    step = time.perf_counter()
    speaker = transcript.speaker.name if transcript.speaker else None
    request = PromptIn(
        description=structured.description,
        cleaned=structured.cleaned,
        speaker=speaker,
        preset=options.get("preset"),
        backend=options.get("backend"),
        seed=options.get("seed"),
    )
    prompt, picture = await draw(state, request)
    image_s = time.perf_counter() - step
    timings = StepTimings(
        transcribe_s=transcript.latency_s,
        identify_s=transcript.identify_s,
        structure_s=round(structure_s, 4),
        enrich_s=prompt.latency_s,
        generate_s=picture.latency_s,
        asr_s=round(asr_s, 4),
        image_s=round(image_s, 4),
        total_s=round(time.perf_counter() - started, 4),
    )
    await emit("prompt", {"prompt": prompt.model_dump(mode="json")})
    return ProcessOut(
        id=transcript.id,
        transcript=transcript,
        structure=structured,
        prompt=prompt,
        image=image_out(state, picture, options.get("image_format", "base64")),
        timings=timings,
    )


async def _quiet(stage: str, payload: dict[str, Any]) -> None:
    return None


def _line(event: str, payload: dict[str, Any]) -> bytes:
    return (json.dumps({"event": event, **payload}) + "\n").encode()


async def _stream(
    state: ServiceState, data: bytes, options: dict[str, Any]
) -> AsyncIterator[bytes]:
    queue: asyncio.Queue[bytes | None] = asyncio.Queue()

    async def emit(stage: str, payload: dict[str, Any]) -> None:
        await queue.put(_line(stage, payload))

    async def work() -> None:
        try:
            with Inflight(state):
                result = await process_audio(state, data, options, emit)
            await queue.put(_line("done", {"result": result.model_dump(mode="json")}))
        except ApiError as exc:
            error = {"status": exc.status, "error": {"code": exc.code, "message": exc.message}}
            await queue.put(_line("error", error))
        except ValueError as exc:  # AudioError and other input errors
            error = {"status": 422, "error": {"code": "bad_audio", "message": str(exc)}}
            await queue.put(_line("error", error))
        except Exception:
            log.exception("/v1/process (stream) failed")
            message = "internal error; the service log has details"
            await queue.put(
                _line("error", {"status": 500, "error": {"code": "internal", "message": message}})
            )
        finally:
            await queue.put(None)

    task = asyncio.create_task(work())
    try:
        while (line := await queue.get()) is not None:
            yield line
    finally:
        if not task.done():
            task.cancel()


@router.post(
    "/v1/process",
    response_model=ProcessOut,
    responses={
        **ERROR_RESPONSES,
        200: {"content": {"application/x-ndjson": {}}, "description": "with stream=true"},
    },
)
async def process(
    audio: Annotated[UploadFile, File(description="WAV, FLAC, Ogg, WebM/Opus or MP4 audio")],
    state: StateDep,
    speaker: Annotated[
        str | None, Form(max_length=100, description="overrides identification")
    ] = None,
    preset: Annotated[str | None, Form(max_length=100)] = None,
    backend: Annotated[str | None, Form(max_length=100)] = None,
    seed: Annotated[int | None, Form(ge=0, le=2**32 - 1)] = None,
    image_format: Annotated[ImageFormat, Form()] = "base64",
    stream: Annotated[bool, Query(description="NDJSON progress events, then the result")] = False,
) -> Any:
    """Transcribe, structure, enrich and draw one spoken description."""
    state.require_ready()
    data = await read_upload(audio, state.settings.max_upload_bytes)
    options = {
        "speaker": speaker or None,
        "preset": preset or None,
        "backend": backend or None,
        "seed": seed,
        "image_format": image_format,
    }
    if stream:
        return StreamingResponse(_stream(state, data, options), media_type="application/x-ndjson")
    with Inflight(state):
        return await process_audio(state, data, options, _quiet)


@router.post("/v1/generate", response_model=GenerateOut, responses=ERROR_RESPONSES)
async def generate(request: GenerateIn, state: StateDep) -> GenerateOut:
    """Prompt and image for a (possibly edited) structured description."""
    state.require_ready()
    with Inflight(state):
        fields = request.model_dump(exclude={"image_format"})
        prompt, picture = await draw(state, PromptIn(**fields))
    return GenerateOut(prompt=prompt, image=image_out(state, picture, request.image_format))


@router.get(
    "/v1/results/{name}",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}, **ERROR_RESPONSES},
)
async def result(name: str, state: StateDep) -> Response:
    """An image answered with `image_format=url` (the last `serve.results_kept`)."""
    png = state.results.get(name.removesuffix(".png"))
    if png is None:
        raise ApiError(404, "not_found", f"no result '{name}' (results are kept in memory)")
    return Response(png, media_type="image/png")
