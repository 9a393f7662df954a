"""The ASR service: audio in; transcript, language and speaker out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile

from voice2image.services.errors import ERROR_RESPONSES, ApiError
from voice2image.services.schemas import TranscriptOut
from voice2image.services.state import StateDep

router = APIRouter(prefix="/v1", tags=["asr"])


async def read_upload(upload: UploadFile, max_bytes: int) -> bytes:
    data = await upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ApiError(413, "too_large", f"the upload is over {max_bytes / 2**20:g} MB")
    return data


@router.post("/transcribe", response_model=TranscriptOut, responses=ERROR_RESPONSES)
async def transcribe(
    audio: Annotated[UploadFile, File(description="WAV, FLAC, Ogg, WebM/Opus or MP4 audio")],
    state: StateDep,
    identify: Annotated[bool, Form(description="identify the speaker against the registry")] = True,
) -> TranscriptOut:
    state.require_ready()
    assert state.asr is not None
    data = await read_upload(audio, state.settings.max_upload_bytes)
    return await state.asr.transcribe(data, identify)


@router.get("/asr", responses=ERROR_RESPONSES)
async def info(state: StateDep) -> dict[str, Any]:
    """The engine and the enrolled speakers."""
    state.require_ready()
    assert state.speech is not None
    return state.speech.info()
