"""Atomic file writes and resumable JSONL journals, so no stage ever leaves half a file."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from tqdm import tqdm

Model = TypeVar("Model", bound=BaseModel)
Item = TypeVar("Item")


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: str | os.PathLike[str], obj: Any) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def write_jsonl(path: str | os.PathLike[str], rows: Iterable[dict[str, Any]]) -> None:
    atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


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


class Journal:
    """An append-only JSONL log of finished items, so a crashed stage resumes where it stopped.

    Records carry a `fingerprint` of the config that produced them; records written under
    another config are ignored, so a changed config never reuses stale results.
    """

    def __init__(self, output: str | os.PathLike[str], fingerprint: str) -> None:
        self.path = Path(f"{output}.partial")
        self.fingerprint = fingerprint

    def load(self) -> dict[str, dict[str, Any]]:
        if not self.path.exists():
            return {}
        done: dict[str, dict[str, Any]] = {}
        with open(self.path, encoding="utf-8") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut short by a crash: that item simply runs again
                if entry.get("fingerprint") == self.fingerprint:
                    done[entry["record"]["id"]] = entry["record"]
        return done

    def append(self, records: Iterable[dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as handle:
            for record in records:
                entry = {"fingerprint": self.fingerprint, "record": record}
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def process(
        self,
        todo: list[Item],
        work: Callable[[list[Item]], list[dict[str, Any]]],
        done: dict[str, dict[str, Any]],
        *,
        chunk_size: int,
        desc: str,
        unit: str,
    ) -> list[dict[str, Any]]:
        """Run `work` on `todo` a chunk at a time, under a progress bar. Each chunk's records
        are journaled before the next chunk starts (a crash loses at most that chunk) and added
        to `done`, keyed by id; returns the new records."""
        made: list[dict[str, Any]] = []
        with tqdm(total=len(todo), desc=desc, unit=unit) as progress:
            for chunk in iter_chunks(todo, chunk_size):
                records = work(chunk)
                self.append(records)
                done.update({record["id"]: record for record in records})
                made.extend(records)
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
