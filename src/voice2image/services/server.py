"""A real uvicorn server on loopback in a background thread: for tests, the load test, the
meeting demo and notebooks (`with ServerThread(app) as url: ...`, `with serving(roles) as url`)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

import httpx
import uvicorn


class ServerThread:
    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self.config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(self.config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)
        self.url = ""

    def start(self, timeout_s: float = 30.0) -> str:
        self.thread.start()
        deadline = time.monotonic() + timeout_s
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.02)
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        self.url = f"http://{host}:{port}"
        return self.url

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def wait_ready(url: str, timeout_s: float = 180.0) -> dict[str, Any]:
    """Poll `/ready` until the models are loaded; raise with the service's error otherwise."""
    deadline = time.monotonic() + timeout_s
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"{url}/ready", timeout=5)
            last = response.json()
        except (httpx.HTTPError, ValueError):
            last = {}
        if last.get("ready") is True:
            return last
        if last.get("error"):
            raise RuntimeError(f"{url}: {last['error']}")
        time.sleep(0.2)
    raise TimeoutError(f"{url} not ready after {timeout_s:g} s: {last}")


@contextmanager
def serving(roles: list[str], overrides: list[str], timeout_s: float = 300.0) -> Iterator[str]:
    """The app for `roles` on a free port, models loaded; yields its base URL."""
    from voice2image.services.app import create_app
    from voice2image.services.settings import service_config

    app = create_app(roles, service_config(overrides))
    server = ServerThread(app)
    url = server.start()
    try:
        wait_ready(url, timeout_s)
        yield url
    finally:
        server.stop()
