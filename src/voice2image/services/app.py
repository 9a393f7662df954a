"""`create_app(roles, config)`: one FastAPI app with the routes of its roles (asr, image,
orchestrator; all three for one process), `/health` (alive) and `/ready` (models loaded)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from voice2image.services import errors
from voice2image.services.routes_orchestrator import STATIC
from voice2image.services.schemas import HealthOut, ReadyOut
from voice2image.services.settings import ServiceConfig
from voice2image.services.state import ServiceState, StateDep


class BodyLimit:
    """413 for a request body over `max_bytes`, before it is read into memory."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode() or "0"
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"the request body is over {self.max_bytes / 2**20:.1f} MB"
        response = JSONResponse(errors.body("too_large", message), 413)
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


def create_app(roles: Iterable[str], config: ServiceConfig, load: bool = True) -> FastAPI:
    """The app for `roles`; with `load`, the lifespan loads the models in the background."""
    state = ServiceState(roles, config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if load:
            state.start_loading()
        yield
        await state.close()

    names = " + ".join(state.roles)
    app = FastAPI(
        title=f"voice2image {names}",
        version="0.1.0",
        description="Spoken picture descriptions to images (docs/services.md).",
        lifespan=lifespan,
    )
    app.state.services = state
    errors.install(app)
    s = config.settings
    app.add_middleware(
        BodyLimit, max_bytes=max(s.max_upload_bytes, int(s.max_reference_mb * 1.4 * 2**20)) + 2**20
    )

    @app.get("/health", response_model=HealthOut, tags=["health"])
    async def health(state: StateDep) -> HealthOut:
        """Liveness: the process answers."""
        return HealthOut(roles=state.roles)

    @app.get(
        "/ready",
        response_model=ReadyOut,
        tags=["health"],
        responses={503: {"model": ReadyOut, "description": "models loading or failed"}},
    )
    async def ready(state: StateDep) -> Any:
        """Readiness: every model of this process is loaded (503 until then)."""
        body = ReadyOut(
            ready=state.ready,
            roles=state.roles,
            models=state.models() if state.ready else {},
            error=state.error,
            queues={name: gate.stats() for name, gate in state.gates.items()},
        )
        return JSONResponse(body.model_dump(), 200 if state.ready else 503)

    from voice2image.services import routes_asr, routes_image, routes_meeting, routes_orchestrator

    if "asr" in state.roles:
        app.include_router(routes_asr.router)
    if "image" in state.roles:
        app.include_router(routes_image.router)
    if "orchestrator" in state.roles:
        app.include_router(routes_orchestrator.router)
        app.include_router(routes_meeting.router)
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
