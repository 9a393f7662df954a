"""Run records in the repository: written and read back, imported into MLflow once, the thesis
tables built from them with intervals, paired tests against the baseline row, re-measured rows
marked, and published rows without a record kept."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone

import pytest

from voice2image.config import CONF_DIR, to_plain
from voice2image.evaluation.figures import SLOTS, record_row
from voice2image.report.document import NoImages, write_report
from voice2image.report.legacy import freeze, rows_from_markdown
from voice2image.report.runs import LegacyRow, LegacyTable, Run
from voice2image.report.tables import SPECS
from voice2image.results import cli, record
from voice2image.results.mlflow_import import import_records

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def slots(matched: int, predicted: int, gold: int) -> dict[str, list[int]]:
    return {slot: [0, 0, 0] for slot in SLOTS} | {"subjects": [matched, predicted, gold]}


def text_rows(right: list[bool], split: str = "dev") -> list[dict[str, object]]:
    """Two voices per description; a description is structured right (2 of 2 units) or not."""
    return [
        {
            "id": f"d{n}__{voice}",
            "description_id": f"d{n}",
            "split": split,
            "language": "en",
            "slots": slots(2 if ok else 0, 2, 2),
            "prompt": "not kept in a record",
        }  # fmt: skip
        for n, ok in enumerate(right)
        for voice in ("joe", "amy")
    ]


def test_a_record_is_written_with_one_line_per_item_and_read_back(tmp_path, compose_cfg):
    plain = to_plain(compose_cfg("structure=embedding"))
    items = {"text": [record_row("text", row) for row in text_rows([True, False])]}
    made = record.build(plain, {"text": {"slots": {"f1": 0.5}}}, items, "dvc", NOW)
    assert made.id.startswith("20260102T030405Z-") and made.created == "2026-01-02T03:04:05Z"
    assert made.choices["structure"] == "embedding" and made.choices["dataset"] == "demo"
    assert "tracking" not in made.config and made.config["structure"]["name"] == "embedding"
    origin = made.provenance
    assert len(origin.commit) >= 7 and len(origin.load_avg) == 3 and origin.launcher == "dvc"
    assert origin.packages["numpy"] and origin.machine
    path = record.write(made, tmp_path)
    assert record.read(path) == made and record.read_all(tmp_path) == [made]
    lines = path.read_text().splitlines()
    rows = [line for line in lines if line.strip().startswith('{"id": "d')]
    assert len(rows) == 4, "each item row is one line of the file"
    first = json.loads(rows[0].rstrip(","))
    assert first["slots"][0] == [2, 2, 2] and len(first["slots"]) == len(SLOTS)
    assert "prompt" not in first, "only what the figures and breakdowns read is kept"


def test_a_file_that_is_no_record_is_a_one_line_error(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"id": 1}')
    with pytest.raises(ValueError, match="broken.json: not a run record"):
        record.read_all(tmp_path)
    assert record.read_all(tmp_path / "missing") == []


def test_item_rows_compact_every_steps_items(tmp_path):
    (tmp_path / "text_items.jsonl").write_text(
        "".join(json.dumps(row) + "\n" for row in text_rows([True]))
    )
    (tmp_path / "asr_items.jsonl").write_text(
        json.dumps(
            {
                "id": "x",
                "description_id": None,
                "status": "ok",
                "wer": 0.1,
                "word_errors": 1,
                "words": 10,
                "hypothesis": "long text",
            }
        )
        + "\n"  # fmt: skip
    )
    items = record.item_rows(tmp_path)
    assert set(items) == {"asr", "text"}
    assert items["asr"] == [{"id": "x", "status": "ok", "word_errors": 1, "words": 10}]


def test_import_into_mlflow_shows_each_record_once(tmp_path, compose_cfg):
    from mlflow.tracking import MlflowClient

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    plain = to_plain(compose_cfg())
    metrics = {"asr": {"wer": 0.2, "wer_ci": {"low": 0.1, "high": 0.3}}}
    records = [record.build(plain, metrics, {}, "dvc", NOW) for _ in range(2)]
    imported, skipped = import_records(records, uri, "published")
    assert sorted(imported) == sorted(r.id for r in records) and skipped == []
    again, skipped = import_records(records, uri, "published")
    assert again == [] and sorted(skipped) == sorted(imported)
    client = MlflowClient(tracking_uri=uri)
    experiment = client.get_experiment_by_name("published")
    (run, _) = client.search_runs([experiment.experiment_id])
    assert run.data.metrics["asr/wer"] == 0.2 and run.data.metrics["asr/wer_ci/low"] == 0.1
    assert run.data.params["asr.name"] == plain["asr"]["name"]
    assert run.data.tags["record_id"] in imported and run.data.tags["git_commit"]
    assert run.info.start_time == int(NOW.timestamp() * 1000) and run.info.status == "FINISHED"
    assert [a.path for a in client.list_artifacts(run.info.run_id)] == [
        f"{run.data.tags['record_id']}.json"
    ]


def test_results_command_lists_records(tmp_path, compose_cfg, capsys):
    plain = to_plain(compose_cfg())
    made = record.build(plain, {"asr": {"wer": 0.25}}, {}, "hydra", NOW)
    record.write(made, tmp_path)
    assert cli.main(argparse.Namespace(records=str(tmp_path), action="list")) == 0
    out = capsys.readouterr().out
    assert made.id in out and "WER 0.250" in out and "1 records" in out


def run_of(name: str, day: int, metrics: dict[str, float], items=None, **choices: str) -> Run:
    base = {"dataset": "demo", "asr": "reference", "structure": "rules", "enrich": "tags"}
    base |= {"diffusion": "tiny", "hardware": "cpu"}
    created = f"2026-01-{day:02d}T00:00:00Z"
    return Run(f"2026010{day}T000000Z-{name}", created, base | choices, metrics, "abcdef0",
               "cpu on test", "0.5", items or {})  # fmt: skip


def line_of(table: str, *cells: str) -> str:
    start = "| " + " | ".join(f"`{cell}`" for cell in cells) + " |"
    (line,) = [line for line in table.splitlines() if line.startswith(start)]
    return line


def test_structuring_table_shows_intervals_and_paired_tests_against_rules(tmp_path):
    good, half = [True] * 12, [True] * 2 + [False] * 10
    f1 = {"text/slots/f1": 1.0, "text/slots/f1_ci/low": 0.9, "text/slots/f1_ci/high": 1.0}
    runs = [
        run_of("rules", 1, f1, {"text": text_rows(good)}, structure="rules"),
        run_of(
            "embed", 1, {"text/slots/f1": 0.17}, {"text": text_rows(half)}, structure="embedding"
        ),  # fmt: skip
        run_of(
            "tiny", 1, {"text/slots/f1": 1.0}, {"text": text_rows(good)}, structure="llm_tiny"
        ),  # fmt: skip
    ]
    write_report(runs, tmp_path, NoImages(), CONF_DIR)
    table = (tmp_path / "structuring.md").read_text()
    rules = line_of(table, "demo", "rules", "reference")
    assert "| 1.000 ± 0.050 |" in rules and "| baseline | baseline |" in rules
    embedding = line_of(table, "demo", "embedding", "reference").split(" | ")
    dev, test = embedding[6], embedding[7]
    assert dev.startswith("-0.833 [-1.000, ") and "n.s." not in dev
    assert float(dev.split("p=")[1]) < 0.01  # 10 of 12 descriptions differ: 2 / 2**10
    assert test == "–", "no test-split items: no comparison"
    same = line_of(table, "demo", "llm_tiny", "reference").split(" | ")[6]
    assert same.startswith("0.000 [0.000, 0.000] p=1.000 n.s.")
    assert "`n.s.`: not significant at 0.05" in table
    assert "$\\pm$" in (tmp_path / "structuring.tex").read_text()


def test_a_remeasured_row_shows_old_and_new_and_the_interval_verdict(tmp_path):
    def wer(value: float, low: float, high: float) -> dict[str, float]:
        return {"asr/wer": value, "asr/wer_ci/low": low, "asr/wer_ci/high": high}

    runs = [
        run_of("old1", 1, wer(0.20, 0.15, 0.25), asr="faster_whisper_tiny_en"),
        run_of("new1", 2, wer(0.22, 0.17, 0.27), asr="faster_whisper_tiny_en"),
        run_of("old2", 1, wer(0.40, 0.35, 0.45), asr="pocketsphinx"),
        run_of("new2", 3, wer(0.30, 0.25, 0.35), asr="pocketsphinx"),
    ]
    summary = write_report(runs, tmp_path, NoImages(), CONF_DIR)
    assert summary["remeasured"]["asr_engines"] == 2
    table = (tmp_path / "asr_engines.md").read_text()
    assert line_of(table, "demo", "pocketsphinx").endswith("| new2 (re-measured) |")
    assert "  - WER: 0.200 [0.150, 0.250] → 0.220 ± 0.050: inside the old interval" in table
    assert "  - WER: 0.400 [0.350, 0.450] → 0.300 ± 0.050: **outside the old interval**" in table


PUBLISHED = """# Structuring

| dataset | structure | asr | slot F1 | similarity | latency p50 s | measured on | commit | run |
| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- |
| `demo` | `rules` | `reference` | 0.959 | 0.82 | 0.0016 | cpu on x (load 1.6) | 3901b2f | c42edd2 |
| `demo` | `embedding` | `reference` | 0.673 | – | 0.3871 | cpu on x86_64 | b893d42 | d062a1f5 |

Measured on: cpu on x86_64.
"""


def test_published_rows_are_read_back_and_kept_until_a_record_replaces_them(tmp_path):
    spec = next(spec for spec in SPECS if spec.experiment == "structuring")
    table = rows_from_markdown(PUBLISHED, spec, ["structure", "asr"], "structuring.md")
    assert table.rows[0] == LegacyRow(
        key={"dataset": "demo", "structure": "rules", "asr": "reference"},
        metrics={
            "text/slots/f1": 0.959,
            "text/similarity": 0.82,
            "text/structure_latency/p50_s": 0.0016,
        },  # fmt: skip
        measured_on="cpu on x",
        load="1.6",
        commit="3901b2f",
        run="c42edd2",
    )
    assert "text/similarity" not in table.rows[1].metrics
    with pytest.raises(ValueError, match="columns \\['mystery'\\]"):
        rows_from_markdown(PUBLISHED.replace("similarity", "mystery"), spec,
                           ["structure", "asr"], "x.md")  # fmt: skip

    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "structuring.json").write_text(table.model_dump_json())
    out = tmp_path / "docs"
    write_report([], out, NoImages(), CONF_DIR, legacy_dir=legacy)
    written = (out / "structuring.md").read_text()
    assert line_of(written, "demo", "rules", "reference").endswith("| c42edd2 (no record) |")
    # The report's own output reads back to the same rows: freezing twice changes nothing.
    again = tmp_path / "again"
    freeze(out, again, CONF_DIR)
    assert LegacyTable.model_validate_json((again / "structuring.json").read_text()).rows == (
        table.rows
    )

    measured = run_of("fresh", 5, {"text/slots/f1": 0.95, "text/slots/f1_ci/low": 0.9,
                                   "text/slots/f1_ci/high": 0.99})  # fmt: skip
    moved = run_of("moved", 5, {"text/slots/f1": 0.80, "text/slots/f1_ci/low": 0.75,
                                "text/slots/f1_ci/high": 0.85}, structure="embedding")  # fmt: skip
    write_report([measured, moved], out, NoImages(), CONF_DIR, legacy_dir=legacy)
    written = (out / "structuring.md").read_text()
    assert line_of(written, "demo", "rules", "reference").endswith("| fresh (re-measured) |")
    assert "slot F1: 0.959 → 0.950 ± 0.045: no old interval; the old value is inside" in written
    assert "slot F1: 0.673 → 0.800 ± 0.050: no old interval; **the old value is outside" in written
    write_report([], out, NoImages(), CONF_DIR, legacy_dir=legacy)
    written = (out / "structuring.md").read_text()
    assert line_of(written, "demo", "embedding", "reference").endswith("(no record) |")


def test_a_record_alone_fills_its_row_with_the_interval(tmp_path, compose_cfg):
    """The record is all the report needs (a fresh clone): no store, no metrics files."""
    plain = to_plain(compose_cfg("experiment=speakers", "speaker=resemblyzer"))
    metrics = {"speaker": {"identification": {"eer": 0.01, "eer_ci": {"low": 0.0, "high": 0.03}}}}
    record.write(record.build(plain, metrics, {}, "dvc", NOW), tmp_path / "clone" / "runs")
    runs_dir = tmp_path / "clone" / "runs"
    from voice2image.report.runs import from_record

    runs = [from_record(r) for r in record.read_all(runs_dir)]
    write_report(runs, tmp_path / "out", NoImages(), CONF_DIR)
    line = line_of((tmp_path / "out" / "speakers.md").read_text(), "demo", "resemblyzer")
    assert "| 0.010 ± 0.015 |" in line and line.endswith(f"| {runs[0].short_id} |")


def test_results_command_imports_records_and_freezes_published_tables(tmp_path, capsys):
    plain_records = tmp_path / "runs"
    record.write(record.build({"asr": {"name": "reference"}}, {}, {}, "dvc", NOW), plain_records)
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    into = argparse.Namespace(
        records=str(plain_records), action="import-mlflow", uri=uri, experiment="published"
    )
    assert cli.main(into) == 0 and cli.main(into) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("imported 1 records") and out[1].startswith("imported 0 records")
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "structuring.md").write_text(PUBLISHED)
    frozen = argparse.Namespace(
        records=None, action="legacy", tables=str(tables), out=str(tmp_path / "legacy")
    )
    assert cli.main(frozen) == 0
    assert "2 published rows of 1 tables" in capsys.readouterr().out
    saved = LegacyTable.model_validate_json((tmp_path / "legacy" / "structuring.json").read_text())
    assert [row.run for row in saved.rows] == ["c42edd2", "d062a1f5"]


def metrics_folder(folder, f1: float, wer: float):
    folder.mkdir(parents=True)
    text = {"text": {"slots": {"f1": f1, "f1_ci": {"low": 0.70, "high": 0.80}, "items": 9}}}
    (folder / "text.json").write_text(json.dumps(text))
    (folder / "asr.json").write_text(
        json.dumps({"asr": {"wer": wer, "wer_ci": {"low": 0.1, "high": 0.2}}})
    )
    return folder


def test_compare_tells_identical_noise_and_outside_the_interval(tmp_path, capsys):
    from voice2image.results.compare import compare_metrics

    a = metrics_folder(tmp_path / "a" / "metrics", f1=0.75, wer=0.15)
    same = compare_metrics(a, metrics_folder(tmp_path / "same" / "metrics", 0.75, 0.15))
    assert [(r.key, r.verdict) for r in same] == [
        ("asr.json:asr.wer", "identical"), ("text.json:text.slots.f1", "identical"),
    ]  # fmt: skip
    other = metrics_folder(tmp_path / "b" / "metrics", f1=0.77, wer=0.25)
    assert {r.key: r.verdict for r in compare_metrics(a, other)} == {
        "asr.json:asr.wer": "outside", "text.json:text.slots.f1": "inside",
    }  # fmt: skip
    (other / "asr.json").unlink()
    assert compare_metrics(a, other)[0].verdict == "missing"
    # The command compares this checkout's metrics/ with the other checkout's; exit 1 when a
    # figure lies outside its interval or is missing.
    args = argparse.Namespace(
        records=None, action="compare", other=str(tmp_path / "same"), metrics=str(a),
        out=str(tmp_path / "summary.md"),
    )  # fmt: skip
    assert cli.main(args) == 0
    assert "2 figures with intervals" in capsys.readouterr().out
    assert "2 bit-identical" in (tmp_path / "summary.md").read_text()
    assert cli.main(argparse.Namespace(**{**vars(args), "other": str(tmp_path / "b")})) == 1
    line = next(x for x in capsys.readouterr().out.splitlines() if "text.slots.f1" in x)
    assert (
        line
        == "| `text.json:text.slots.f1` | 0.7500 | 0.7700 | [0.7000, 0.8000] | +0.0200 | inside |"
    )
