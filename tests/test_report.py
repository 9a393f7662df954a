"""The report stage: rows chosen from runs, tables in Markdown and LaTeX, figures, image grids,
and the same files for the same runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from voice2image.config import CONF_DIR, to_plain
from voice2image.pipeline import report
from voice2image.report.document import write_report
from voice2image.report.figures import pareto_front
from voice2image.report.runs import Row, Run, select_rows
from voice2image.report.tables import latex, markdown, tex
from voice2image.results import record
from voice2image.tracking import log_run

ITEMS = ["en_001__piper_joe", "en_001__flite_slt", "en_002__piper_joe", "ru_001__festival_ru"]


def fake_run(run_id: str, start: int, **choices: str) -> Run:
    base = {"dataset": "demo", "asr": "reference", "structure": "rules", "enrich": "tags"}
    base |= {"diffusion": "tiny", "hardware": "cpu"}
    metrics = {
        "asr/wer": 0.1 * start,
        "asr/by_language/en/wer": 0.05 * start,
        "asr/by_voice/piper_joe/wer": 0.02 * start,
        "asr/stage/wall_over_audio": 0.1 + start,
        "text/similarity": 0.5 + 0.01 * start,
        "gen/clip_score": 10.0 + start,
        "latency/generate_s": 1.0 / start,
    }
    created = f"2026-01-{start:02d}T00:00:00Z"
    machine = "cpu on AMD EPYC, 2 cores"
    return Run(run_id, created, base | choices, metrics, f"{start:07d}abc", machine)


class FakeImages:
    """Per-item PNGs as the track stage logs them, without a tracking store."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def available(self, run: Run) -> set[str]:
        return set(ITEMS)

    def fetch(self, row: Row, item: str) -> Path:
        path = self.root / row.run.run_id / f"{item}.png"
        if not path.exists():
            import matplotlib.pyplot as plt

            path.parent.mkdir(parents=True, exist_ok=True)
            seed = sum(map(ord, row.run.run_id + item))
            plt.imsave(path, np.random.default_rng(seed).random((16, 16, 3)))
        return path


def test_rows_are_the_latest_run_per_config_in_grid_order():
    runs = [
        fake_run("old", 1, asr="pocketsphinx"),
        fake_run("new", 2, asr="pocketsphinx"),
        fake_run("gold", 3, asr="reference"),
        fake_run("other", 4, asr="vosk"),
        fake_run("smoke", 5, asr="reference", dataset="smoke"),
        fake_run("filtered", 6, asr="reference", hardware="cuda"),
    ]
    order = {"asr": ["reference", "pocketsphinx"], "dataset": ["demo"]}
    rows = select_rows(runs, ["asr"], {"hardware": "cpu", "dataset": "demo"}, order)
    assert [(row.key, row.run.run_id) for row in rows] == [
        (("demo", "reference"), "gold"),
        (("demo", "pocketsphinx"), "new"),
        (("demo", "vosk"), "other"),  # not in the grid: after it
        (("smoke", "reference"), "smoke"),
    ]
    assert select_rows(reversed(runs), ["asr"], {"hardware": "cpu"}, order) == rows


def test_pareto_front_keeps_the_points_nothing_beats():
    points = [(1.0, 0.5), (2.0, 0.3), (3.0, 0.4), (0.5, 0.9), (4.0, 0.1)]
    assert pareto_front(points, lower_is_better=True) == [3, 0, 1, 4]
    assert pareto_front(points, lower_is_better=False) == [3]


def test_markdown_and_latex_tables():
    head = ["dataset", "asr", "WER", "measured on", "commit", "run"]
    lines = [["demo", "faster_whisper_base", "0.110", "cpu on x", "abc1234", "12345678"]]
    md = markdown(head, lines, 2)
    assert "| `demo` | `faster_whisper_base` | 0.110 | cpu on x | abc1234 | 12345678 |" in md
    assert "| --- | --- | ---: | --- | --- | --- |" in md
    tabular = latex(head, lines, 2, "ASR 100% & more", "asr")
    assert "\\begin{tabular}{llrlll}" in tabular
    assert "demo & faster\\_whisper\\_base & 0.110" in tabular
    assert "\\caption{ASR 100\\% \\& more}" in tabular
    assert tex("ru→en – x_y") == "ru$\\to$en -- x\\_y"


def read_all(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_report_writes_every_table_figure_and_grid_the_same_way_twice(tmp_path):
    runs = [
        fake_run("r1", 1, asr="faster_whisper_tiny_en"),
        fake_run("r2", 2, asr="pocketsphinx"),
        fake_run("r3", 3, asr="reference"),
        fake_run("s1", 4, structure="none"),
        fake_run("e1", 5, enrich="presets"),
        fake_run("d1", 6, diffusion="sd_turbo_random"),
    ]
    images = FakeImages(tmp_path / "images")
    first, second = tmp_path / "first", tmp_path / "second"
    summary = write_report(runs, first, images, CONF_DIR)
    write_report(list(reversed(runs)), second, images, CONF_DIR)
    assert read_all(first) == read_all(second)
    assert summary["tables"]["asr_engines"] == 3
    written = set(read_all(first))
    for name in ("asr_engines", "structuring", "enrichment", "diffusion_hardware"):
        assert {f"{name}.md", f"{name}.tex"} <= written
    assert {"plots/wer_by_engine_voice.png", "plots/asr_wer_vs_latency.png"} <= written
    assert {"plots/similarity.png", "plots/image_quality_vs_latency.png"} <= written
    assert {"grids/structuring.png", "grids/enrichment.png", "grids/diffusion_hardware.png"} <= (
        written
    )
    asr = (first / "asr_engines.md").read_text()
    assert "| `demo` | `pocketsphinx` |" in asr and "0000002" in asr  # config and commit
    assert "cpu on AMD EPYC, 2 cores" in asr  # the hardware it was measured on
    assert "python -m voice2image.sweep asr_engines asr=faster_whisper_base" in asr  # missing
    index = (first / "index.md").read_text()
    assert "[asr_engines.md](asr_engines.md)" in index


def test_report_without_runs_says_how_to_produce_them(tmp_path):
    write_report([], tmp_path, FakeImages(tmp_path), CONF_DIR)
    text = (tmp_path / "structuring.md").read_text()
    assert "No runs yet. Produce them with `python -m voice2image.sweep structuring`." in text
    assert "No runs yet" in (tmp_path / "structuring.tex").read_text()
    published = tmp_path / "plots" / "similarity.png"
    published.parent.mkdir()
    published.write_bytes(b"published")
    write_report([], tmp_path, FakeImages(tmp_path), CONF_DIR)
    assert published.read_bytes() == b"published", "nothing published is deleted or redrawn"


def test_report_builds_tables_from_records_and_grids_from_their_mlflow_runs(tmp_path, compose_cfg):
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    images = tmp_path / "images"
    images.mkdir()
    for n, item in enumerate(ITEMS):
        import matplotlib.pyplot as plt

        plt.imsave(images / f"{item}.png", np.full((8, 8, 3), n / 4))
    folder = tmp_path / "results" / "runs"
    for enrich in ("none", "tags"):
        plain = to_plain(compose_cfg("experiment=enrichment", f"enrich={enrich}"))
        metrics = {"text": {"similarity": 0.5}, "gen": {"clip_score": 1.0}}
        tracking = {"enabled": True, "uri": uri, "experiment": "voice2image"}
        run_id = log_run(tracking, tmp_path, enrich, plain, metrics, [images], tags={})
        made = record.build(plain, metrics, {}, "dvc")
        made.mlflow_run_id = run_id
        record.write(made, folder)
    cfg = compose_cfg(f"report.dir={tmp_path / 'results' / 'docs'}", f"tracking.uri={uri}")
    summary = report.run(cfg.report, cfg.tracking, 0, CONF_DIR, tmp_path)
    assert summary["runs"] == 2 and summary["tables"]["enrichment"] == 2
    table = (tmp_path / "results" / "docs" / "enrichment.md").read_text()
    assert "| `demo` | `none` | 0.500 |" in table
    assert "python -m voice2image.sweep enrichment enrich=presets" in table
    assert (tmp_path / "results" / "docs" / "grids" / "enrichment.png").stat().st_size > 0
    grid = (tmp_path / "results" / "docs" / "grids" / "enrichment.png").read_bytes()
    # A fresh clone (no store): the same tables from the records, the published grid kept.
    (tmp_path / "mlflow.db").unlink()
    fresh = compose_cfg(f"report.dir={tmp_path / 'results' / 'docs'}", "tracking.enabled=false")
    report.run(fresh.report, fresh.tracking, 0, CONF_DIR, tmp_path)
    assert (tmp_path / "results" / "docs" / "enrichment.md").read_text() == table
    assert (tmp_path / "results" / "docs" / "grids" / "enrichment.png").read_bytes() == grid


def test_every_experiment_file_has_a_table():
    from voice2image.report.tables import SPECS
    from voice2image.sweep import experiment_names

    assert set(experiment_names(CONF_DIR)) <= {spec.experiment for spec in SPECS}


def test_rows_name_the_load_the_run_was_measured_under():
    from voice2image.report.tables import Column, body

    run = fake_run("r1", 1)
    loaded = Run(run.run_id, run.created, run.choices, run.metrics, run.commit,
                 run.measured_on, "3.2")  # fmt: skip
    (line,) = body([Row(("demo", "reference"), loaded)], [Column("WER", "asr/wer")])
    assert line[-3:] == ["cpu on AMD EPYC, 2 cores (load 3.2)", "0000001", "r1"]
