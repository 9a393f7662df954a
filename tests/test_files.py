"""Atomic writes and the resume journal."""

from __future__ import annotations

import json

import pytest

from voice2image.files import Journal, atomic_write_text, read_jsonl, write_jsonl


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "deep" / "out.txt"
    atomic_write_text(target, "hello")
    atomic_write_text(target, "again")
    assert target.read_text() == "again"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_jsonl_round_trip_and_bad_line_is_named(tmp_path):
    path = tmp_path / "rows.jsonl"
    write_jsonl(path, [{"id": "a", "text": "привет"}, {"id": "b"}])
    assert read_jsonl(path) == [{"id": "a", "text": "привет"}, {"id": "b"}]
    path.write_text('{"id": "a"}\n{broken\n')
    with pytest.raises(ValueError, match="rows.jsonl:2: not valid JSON"):
        read_jsonl(path)


def test_journal_keeps_only_records_of_the_same_config(tmp_path):
    out = tmp_path / "out.jsonl"
    Journal(out, "config-a").append([{"id": "1", "text": "x"}, {"id": "2", "text": "y"}])
    Journal(out, "config-b").append([{"id": "3", "text": "z"}])
    with open(f"{out}.partial", "a") as handle:
        handle.write('{"fingerprint": "config-a", "record": {"id": "4"')  # cut by a crash
    assert set(Journal(out, "config-a").load()) == {"1", "2"}
    assert set(Journal(out, "config-b").load()) == {"3"}
    Journal(out, "config-a").remove()
    assert Journal(out, "config-a").load() == {}


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
    out = tmp_path / "out.jsonl"
    calls: list[list[int]] = []

    def work(chunk: list[int]) -> list[dict]:
        calls.append(chunk)
        if 5 in chunk:
            raise RuntimeError("killed mid-run")
        return [{"id": str(n), "square": n * n} for n in chunk]

    done: dict[str, dict] = {}
    with pytest.raises(RuntimeError):
        Journal(out, "cfg").process(list(range(7)), work, done, chunk_size=2, desc="t", unit="n")
    assert calls == [[0, 1], [2, 3], [4, 5]]
    resumed = Journal(out, "cfg").load()
    assert sorted(resumed) == ["0", "1", "2", "3"], "finished chunks survive the crash"

    todo = [n for n in range(7) if str(n) not in resumed]
    made = Journal(out, "cfg").process(
        todo, lambda chunk: [{"id": str(n), "square": n * n} for n in chunk], resumed,
        chunk_size=2, desc="t", unit="n",
    )  # fmt: skip
    assert [r["id"] for r in made] == ["4", "5", "6"]
    assert [resumed[str(n)]["square"] for n in range(7)] == [0, 1, 4, 9, 16, 25, 36]
