"""The item engine: what every per-item stage (identify, transcribe, structure, enrich,
generate) shares. A stage gives its items, the backend that does the work, and a function from
a chunk of items to their rows; the engine loads the backend (timed, and only when there is
work), runs the chunks under a progress bar, journals each chunk's rows before the next one
starts, writes the output in the items' order, then the stage's summary, and removes the
journal. A rerun after a crash resumes from the journal; a changed config (another
`fingerprint`) starts afresh."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from voice2image.files import Journal, write_json, write_rows
from voice2image.records import Row

Item = TypeVar("Item")
RowT = TypeVar("RowT", bound=Row)


@dataclass
class Summary:
    """A stage's summary, written as JSON beside its output."""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


SummaryT = TypeVar("SummaryT", bound=Summary)


class Backend(Protocol):
    """What the engine needs of a stage's model: a name for the progress bar, and `load()`."""

    name: str

    def load(self) -> None: ...


@dataclass
class ItemRun(Generic[RowT]):
    """One stage run: every item's row in input order, the rows made by this run, how many came
    from an earlier run, the seconds spent loading the backend and working, and when the stage
    started."""

    rows: list[RowT]
    made: list[RowT]
    resumed: int
    load_s: float
    work_s: float
    started: float

    @property
    def failed(self) -> int:
        return sum(getattr(row, "status", "ok") == "failed" for row in self.rows)

    @property
    def wall_s(self) -> float:
        return round(time.perf_counter() - self.started, 3)


def _todo(
    items: Sequence[Item],
    key: Callable[[Item], str],
    done: dict[str, RowT],
    previous: Mapping[str, RowT],
    reusable: Callable[[Item, RowT], bool] | None,
) -> list[Item]:
    """The items still to do; a previous row that may be reused goes into `done`."""
    todo: list[Item] = []
    for item in items:
        item_id = key(item)
        if item_id in done:
            continue
        before = previous.get(item_id)
        if before is not None and (reusable is None or reusable(item, before)):
            done[item_id] = before
        else:
            todo.append(item)
    return todo


def run_items(
    items: Sequence[Item],
    *,
    key: Callable[[Item], str],
    work: Callable[[list[Item]], list[RowT]],
    backend: Backend,
    out: str | Path,
    row: type[RowT],
    fingerprint: str,
    chunk_size: int,
    stage: str,
    unit: str,
    summary: Callable[[ItemRun[RowT]], SummaryT],
    summary_path: str | Path | None = None,
    started: float | None = None,
    settled: Mapping[str, RowT] | None = None,
    earlier: Mapping[str, RowT] | None = None,
    reusable: Callable[[Item, RowT], bool] | None = None,
) -> tuple[ItemRun[RowT], SummaryT]:
    """Rows for `items` into `out` (JSONL) and `summary(run)` into `summary_path` (default
    `<out>.summary.json`); returns both.

    `settled`: rows the stage decided without the backend (never journaled, never counted as
    resumed). `earlier`: rows of a previous finished run whose output persists (generate);
    they and the journal's rows are reused where `reusable(item, row)` allows (default: all).
    """
    started = time.perf_counter() if started is None else started
    journal = Journal(out, fingerprint, row)
    previous = {**(earlier or {}), **journal.load()}
    done: dict[str, RowT] = dict(settled or {})
    todo = _todo(items, key, done, previous, reusable)
    resumed = len(items) - len(todo) - len(settled or {})

    load_start = time.perf_counter()
    if todo:
        backend.load()
    load_s = time.perf_counter() - load_start

    work_start = time.perf_counter()
    made = journal.process(
        todo, work, done, chunk_size=chunk_size, desc=f"{stage}: {backend.name}", unit=unit
    )
    work_s = time.perf_counter() - work_start
    rows = [done[key(item)] for item in items]
    result = ItemRun(rows, made, resumed, round(load_s, 3), work_s, started)
    write_rows(out, rows)
    written = summary(result)
    write_json(summary_path or f"{out}.summary.json", written.as_json())
    journal.remove()
    return result, written
