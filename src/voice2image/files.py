"""Atomic file writes, JSONL rows and resumable journals, so no stage ever leaves half a file."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from tqdm import tqdm

from voice2image.records import Row

Model = TypeVar("Model", bound=BaseModel)
RowT = TypeVar("RowT", bound=Row)
Item = TypeVar("Item")


def _default_mode() -> int:
    """What open() would give a new file: 0o666 less the umask (mkstemp's temporary file is
    0o600, and a rename would keep that, so outputs would be unreadable to the group)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _default_mode()


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` through a synced temporary file and a rename."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), _FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_json(path: str | os.PathLike[str], obj: Any) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def write_jsonl(path: str | os.PathLike[str], rows: Iterable[dict[str, Any]]) -> None:
    atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def write_rows(path: str | os.PathLike[str], rows: Iterable[Row]) -> None:
    """One JSONL line per row, as the row model writes itself (`Row.to_row`)."""
    write_jsonl(path, (row.to_row() for row in rows))


def read_jsonl(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read a JSONL file; a malformed line is an error that names the file and line."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
    return rows


def read_models(path: str | os.PathLike[str], model: type[Model], what: str) -> list[Model]:
    """Read a JSONL file of `model` rows; a row that does not fit is an error naming the file,
    the line and what the row should have been (`what`)."""
    rows = []
    for number, row in enumerate(read_jsonl(path), start=1):
        try:
            rows.append(model.model_validate(row))
        except ValidationError as exc:
            raise ValueError(f"{path}:{number}: bad {what} row ({exc})") from None
    return rows


class Journal(Generic[RowT]):
    """An append-only JSONL log of finished rows, so a crashed stage resumes where it stopped.

    Entries carry a `fingerprint` of the config that produced them; entries written under
    another config are ignored, so a changed config never reuses stale results.
    """

    def __init__(self, output: str | os.PathLike[str], fingerprint: str, row: type[RowT]) -> None:
        self.path = Path(f"{output}.partial")
        self.fingerprint = fingerprint
        self.row = row

    def load(self) -> dict[str, RowT]:
        if not self.path.exists():
            return {}
        done: dict[str, RowT] = {}
        with open(self.path, encoding="utf-8") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                    if entry.get("fingerprint") == self.fingerprint:
                        row = self.row.model_validate(entry["record"])
                        done[row.id] = row
                except (json.JSONDecodeError, ValidationError, KeyError):
                    continue  # a line cut short by a crash: that item simply runs again
        return done

    def append(self, rows: Iterable[RowT]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as handle:
            for row in rows:
                entry = {"fingerprint": self.fingerprint, "record": row.to_row()}
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def process(
        self,
        todo: list[Item],
        work: Callable[[list[Item]], list[RowT]],
        done: dict[str, RowT],
        *,
        chunk_size: int,
        desc: str,
        unit: str,
    ) -> list[RowT]:
        """Run `work` on `todo` a chunk at a time, under a progress bar. Each chunk's rows are
        journaled before the next chunk starts (a crash loses at most that chunk) and added to
        `done`, keyed by id; returns the new rows."""
        made: list[RowT] = []
        with tqdm(total=len(todo), desc=desc, unit=unit) as progress:
            for chunk in iter_chunks(todo, chunk_size):
                rows = work(chunk)
                self.append(rows)
                done.update({row.id: row for row in rows})
                made.extend(rows)
                progress.update(len(chunk))
        return made

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def file_digest(path: str | os.PathLike[str]) -> str:
    import hashlib

    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def iter_chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + max(1, size)]
