"""Errors as JSON, never a traceback: `{"error": {"code": ..., "message": ...}}` with a 4xx for
bad input, 503 + Retry-After when a model's queue is full or still loading, 504 on timeout."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from voice2image.audio import AudioError

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """An error the client is told about, with its HTTP status."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def overloaded(what: str, retry_after_s: int) -> ApiError:
    return ApiError(
        503,
        "overloaded",
        f"the {what} queue is full; retry after {retry_after_s} s",
        {"Retry-After": str(retry_after_s)},
    )


def body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


# Documented on every route that can answer them (OpenAPI, and schemathesis checks).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in [
        (400, "bad request"),
        (404, "not found"),
        (413, "upload too large"),
        (415, "unsupported audio format"),
        (422, "invalid input"),
        (502, "an upstream service failed"),
        (503, "overloaded or models loading; see Retry-After"),
        (504, "timed out"),
    ]
}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        location = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{location or 'body'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(body(exc.code, exc.message), exc.status, headers=exc.headers)

    @app.exception_handler(AudioError)
    async def _audio_error(request: Request, exc: AudioError) -> JSONResponse:
        return JSONResponse(body("bad_audio", str(exc)), 422)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(body("invalid_request", _validation_message(exc)), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        return JSONResponse(
            body(f"http_{exc.status_code}", str(exc.detail)), exc.status_code, headers
        )

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse(body("internal", "internal error; the service log has details"), 500)
