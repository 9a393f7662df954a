"""A bounded queue in front of a model: at most `concurrency` requests inside the model (each
in a worker thread, so the event loop stays responsive), at most `max_waiting` queued; the next
one is refused at once with 503 + Retry-After instead of piling up memory."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from voice2image.services.errors import ApiError, overloaded

T = TypeVar("T")


class ModelGate:
    def __init__(
        self, name: str, concurrency: int, max_waiting: int, retry_after_s: int, timeout_s: float
    ) -> None:
        self.name = name
        self.concurrency = concurrency
        self.max_waiting = max_waiting
        self.retry_after_s = retry_after_s
        self.timeout_s = timeout_s
        self.waiting = 0
        self.running = 0
        self.served = 0
        self.rejected = 0
        self._slots: asyncio.Semaphore | None = None
        self._executor = ThreadPoolExecutor(concurrency, thread_name_prefix=f"model-{name}")

    def _semaphore(self) -> asyncio.Semaphore:
        if self._slots is None:  # bound to the serving loop, created on first use
            self._slots = asyncio.Semaphore(self.concurrency)
        return self._slots

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` in the model's thread once a slot is free. The slot is held until
        the thread finishes, even when the caller timed out or went away."""
        slots = self._semaphore()
        if self.waiting + self.running >= self.concurrency + self.max_waiting:
            self.rejected += 1
            raise overloaded(self.name, self.retry_after_s)
        started = time.monotonic()
        self.waiting += 1
        try:
            await asyncio.wait_for(slots.acquire(), self.timeout_s)
        except TimeoutError:
            raise self._timeout("waiting for") from None
        finally:
            self.waiting -= 1
        self.running += 1
        future = asyncio.get_running_loop().run_in_executor(self._executor, function, *args)
        future.add_done_callback(self._release)
        left = max(0.001, self.timeout_s - (time.monotonic() - started))
        try:
            result = await asyncio.wait_for(asyncio.shield(future), left)
        except TimeoutError:
            raise self._timeout("running") from None
        self.served += 1
        return result

    def _release(self, _: Any) -> None:
        self.running -= 1
        self._semaphore().release()

    def _timeout(self, doing: str) -> ApiError:
        return ApiError(
            504, "timeout", f"gave up {doing} the {self.name} model after {self.timeout_s:g} s"
        )

    def stats(self) -> dict[str, int]:
        return {
            "running": self.running,
            "waiting": self.waiting,
            "served": self.served,
            "rejected": self.rejected,
        }

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
