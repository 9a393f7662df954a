"""Atomic writes, the resume journal, and the item engine every per-item stage runs on."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from typing import Any

import pytest

from voice2image.files import Journal, atomic_write_text, read_jsonl, write_jsonl
from voice2image.pipeline.engine import ItemRun, Summary, run_items
from voice2image.records import Row


class Text(Row):
    text: str | None = None


class Square(Row):
    status: str = "ok"
    square: int


@dataclass
class Counted(Summary):
    items: int
    resumed: int


class Squarer:
    """A backend for the engine: loads once, counts the chunks it is given."""

    name = "squarer"

    def __init__(self) -> None:
        self.loads = 0
        self.calls: list[list[int]] = []

    def load(self) -> None:
        self.loads += 1

    def work(self, chunk: list[int]) -> list[Square]:
        self.calls.append(chunk)
        if 5 in chunk and len(self.calls) == 3:
            raise RuntimeError("killed mid-run")
        return [Square(id=str(n), square=n * n) for n in chunk]


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "deep" / "out.txt"
    atomic_write_text(target, "hello")
    atomic_write_text(target, "again")
    assert target.read_text() == "again"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_atomic_write_gives_the_mode_open_would(tmp_path):
    """mkstemp's 0o600 must not reach the output: other users and the web server read it."""
    umask = os.umask(0)
    os.umask(umask)
    atomic_write_text(tmp_path / "out.json", "{}")
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == 0o666 & ~umask


def test_jsonl_round_trip_and_bad_line_is_named(tmp_path):
    path = tmp_path / "rows.jsonl"
    write_jsonl(path, [{"id": "a", "text": "привет"}, {"id": "b"}])
    assert read_jsonl(path) == [{"id": "a", "text": "привет"}, {"id": "b"}]
    path.write_text('{"id": "a"}\n{broken\n')
    with pytest.raises(ValueError, match="rows.jsonl:2: not valid JSON"):
        read_jsonl(path)


def test_journal_keeps_only_records_of_the_same_config(tmp_path):
    out = tmp_path / "out.jsonl"
    Journal(out, "config-a", Text).append([Text(id="1", text="x"), Text(id="2", text="y")])
    Journal(out, "config-b", Text).append([Text(id="3", text="z")])
    with open(f"{out}.partial", "a") as handle:
        handle.write('{"fingerprint": "config-a", "record": {"id": "4"')  # cut by a crash
    assert set(Journal(out, "config-a", Text).load()) == {"1", "2"}
    assert set(Journal(out, "config-b", Text).load()) == {"3"}
    Journal(out, "config-a", Text).remove()
    assert Journal(out, "config-a", Text).load() == {}


def test_rows_that_do_not_fit_the_model_name_file_and_line(tmp_path):
    from voice2image.files import read_models
    from voice2image.records import ManifestItem

    path = tmp_path / "manifest.jsonl"
    good = {"id": "a", "audio": "a.wav", "language": "en", "speaker": "s", "source": "real",
            "reference": "x", "duration_s": 1.0}  # fmt: skip
    path.write_text(json.dumps(good) + '\n{"id": "b"}\n')
    with pytest.raises(ValueError, match="manifest.jsonl:2: bad manifest row"):
        read_models(path, ManifestItem, "manifest")


def test_a_crash_in_a_later_chunk_keeps_the_chunks_before_it(tmp_path):
    """The engine's resume: a rerun after a crash does only what the journal lacks, writes
    every row in input order, its summary, and no journal."""
    out = tmp_path / "out.jsonl"
    backend = Squarer()

    def run() -> tuple[ItemRun[Square], Counted]:
        return run_items(
            list(range(7)), key=str, work=backend.work, backend=backend, out=out, row=Square,
            fingerprint="cfg", chunk_size=2, stage="test", unit="n",
            summary=lambda done: Counted(len(done.rows), done.resumed),
        )  # fmt: skip

    with pytest.raises(RuntimeError):
        run()
    assert backend.calls == [[0, 1], [2, 3], [4, 5]]
    resumed = Journal(out, "cfg", Square).load()
    assert sorted(resumed) == ["0", "1", "2", "3"], "finished chunks survive the crash"
    assert not out.exists(), "no half-written output"

    done, summary = run()
    assert [row.id for row in done.made] == ["4", "5", "6"]
    assert backend.calls[3:] == [[4, 5], [6]]
    assert [row.square for row in done.rows] == [0, 1, 4, 9, 16, 25, 36]
    assert [json.loads(line)["square"] for line in out.read_text().splitlines()] == [
        0, 1, 4, 9, 16, 25, 36,
    ]  # fmt: skip
    assert summary == Counted(items=7, resumed=4)
    saved: dict[str, Any] = json.loads((tmp_path / "out.jsonl.summary.json").read_text())
    assert saved == {"items": 7, "resumed": 4}
    assert not (tmp_path / "out.jsonl.partial").exists()
    assert backend.loads == 2, "loaded once per run that had work"
