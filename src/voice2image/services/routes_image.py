"""The image service: a structured description or a plain prompt (and an optional reference
image) in, a PNG out; the same input and seed give the same bytes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from voice2image.services.errors import ERROR_RESPONSES
from voice2image.services.schemas import ImageIn, PromptIn, PromptOut
from voice2image.services.state import StateDep

router = APIRouter(prefix="/v1", tags=["image"])

PNG_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/png": {}}, "description": "the PNG (prompt and seed in its text)"},
    **ERROR_RESPONSES,
}


@router.post("/prompt", response_model=PromptOut, responses=ERROR_RESPONSES)
async def prompt(request: PromptIn, state: StateDep) -> PromptOut:
    """Render a structured description as the prompt the backend's text encoder reads."""
    state.require_ready()
    assert state.image is not None
    return await state.gates["image"].run(state.image.prompt, request)


@router.post("/image", response_class=Response, responses=PNG_RESPONSE)
async def image(request: ImageIn, state: StateDep) -> Response:
    state.require_ready()
    assert state.image is not None
    rendered, picture = await state.gates["image"].run(state.image.image, request)
    headers = {
        "X-Seed": str(picture.seed),
        "X-Mode": picture.mode,
        "X-Backend": picture.backend,
        "X-Width": str(picture.width),
        "X-Height": str(picture.height),
        "X-Latency-S": f"{picture.latency_s:.4f}",
        "X-Prompt-Tokens": str(rendered.prompt_tokens),
    }
    return Response(picture.png, media_type="image/png", headers=headers)


@router.get("/backends", responses=ERROR_RESPONSES)
async def info(state: StateDep) -> dict[str, Any]:
    """Backends, the default one, the presets and the enricher."""
    state.require_ready()
    assert state.image is not None
    return state.image.info()
