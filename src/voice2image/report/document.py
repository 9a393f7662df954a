"""The thesis tables (Markdown and LaTeX), plots and image grids, from MLflow runs, into the
results folder (docs/results/; the `report` stage).

Each table belongs to an experiment file (`conf/experiment/<name>.yaml`): its grid gives the row
axes and their order, its fixed overrides which runs qualify. A row is the latest finished run
of its choices, so the same runs give the same files; a grid point without a run is listed with
the command that produces it.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from voice2image.report import figures
from voice2image.report.runs import Row, Run, select_rows
from voice2image.report.tables import SPECS, TableSpec, body, header, latex, markdown
from voice2image.sweep import Experiment, load_experiment


@dataclass
class Table:
    spec: TableSpec
    experiment: Experiment
    rows: list[Row]

    @property
    def axes(self) -> list[str]:
        return list(self.experiment.grid)

    @property
    def dataset(self) -> str:
        """The data set the figures show: the one with most rows (the experiment's on a tie)."""
        counts = Counter(row.key[0] for row in self.rows)
        preferred = self.experiment.fixed.get("dataset", "")
        return max(counts, key=lambda d: (counts[d], d == preferred, d)) if counts else preferred

    def figure_rows(self) -> list[Row]:
        return [row for row in self.rows if row.key[0] == self.dataset]

    def missing(self) -> list[dict[str, str]]:
        """Grid points of the experiment's data set that no run fills yet."""
        dataset = self.experiment.fixed.get("dataset", "")
        have = {row.key for row in self.rows}
        return [
            point
            for point in self.experiment.points()
            if (dataset, *(point[a] for a in self.axes)) not in have
        ]


def build_tables(runs: Sequence[Run], conf_dir: Path) -> list[Table]:
    tables = []
    for spec in SPECS:
        if not (conf_dir / "experiment" / f"{spec.experiment}.yaml").is_file():
            continue
        experiment = load_experiment(spec.experiment, conf_dir)
        order = {**experiment.grid, "dataset": [experiment.fixed.get("dataset", "")]}
        rows = select_rows(runs, list(experiment.grid), experiment.fixed, order)
        tables.append(Table(spec, experiment, rows))
    return tables


def sweep_command(name: str, point: dict[str, str] | None = None) -> str:
    overrides = " ".join(f"{k}={v}" for k, v in (point or {}).items())
    return f"python -m voice2image.sweep {name} {overrides}".strip()


def table_markdown(table: Table, figure_files: Sequence[str]) -> str:
    spec, name = table.spec, table.spec.experiment
    lines = [f"# {spec.title}", ""]
    lines += [
        f"Experiment `conf/experiment/{name}.yaml`; every row is the latest finished MLflow run "
        f"of its choices (the other groups as the experiment file sets them). Produce the rows: "
        f"`{sweep_command(name)}` (`--multirun` for the Hydra app).",
        "",
    ]
    if table.rows:
        columns = spec.columns
        head = header(table.axes, columns)
        lines.append(markdown(head, body(table.rows, columns), 1 + len(table.axes)))
        caption = figures.hardware_caption(table.rows)
        lines.append(caption[0].upper() + caption[1:] + ".")
        lines.append("")
    else:
        lines += [f"No runs yet. Produce them with `{sweep_command(name)}`.", ""]
    missing = table.missing()
    if missing and table.rows:
        dataset = table.experiment.fixed.get("dataset", "")
        lines += [f"Not run yet on `{dataset}` ({len(missing)}):", ""]
        lines += [f"- `{sweep_command(name, point)}`" for point in missing]
        lines.append("")
    lines += [f"- {note}" for note in table.spec.notes]
    if figure_files:
        lines += ["", f"Figures (data set `{table.dataset}`):", ""]
        lines += [f"![{Path(f).stem}]({f})" for f in figure_files]
    return "\n".join(lines).rstrip() + "\n"


def table_latex(table: Table) -> str:
    columns = table.spec.columns
    head = header(table.axes, columns)
    caption = f"{table.spec.title}. {figures.hardware_caption(table.rows)}."
    if not table.rows:
        caption = f"{table.spec.title}. No runs yet: {sweep_command(table.spec.experiment)}."
    return latex(
        head, body(table.rows, columns), 1 + len(table.axes), caption, table.spec.experiment
    )


class ImageSource(Protocol):
    """Where the per-item images of a run come from."""

    def available(self, run: Run) -> set[str]: ...

    def fetch(self, row: Row, item: str) -> Path | None: ...


class ArtifactImages:
    """Per-item PNGs logged under `images/` by the track stage, fetched on demand."""

    def __init__(self, uri: str, scratch: Path) -> None:
        from mlflow.tracking import MlflowClient

        self.uri, self.scratch = uri, scratch
        os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
        self.client = MlflowClient(tracking_uri=uri)

    def available(self, run: Run) -> set[str]:
        try:
            listed = self.client.list_artifacts(run.run_id, "images")
        except Exception:
            return set()
        return {Path(f.path).stem for f in listed if f.path.endswith(".png")}

    def fetch(self, row: Row, item: str) -> Path | None:
        from mlflow.artifacts import download_artifacts

        target = self.scratch / row.run.run_id
        try:
            local = download_artifacts(
                run_id=row.run.run_id,
                artifact_path=f"images/{item}.png",
                dst_path=str(target),
                tracking_uri=self.uri,
            )
        except Exception:
            return None
        return Path(local)


def grid_items(rows: Sequence[Row], images: ImageSource, count: int) -> list[str]:
    """Up to `count` items every row has an image of, from different descriptions."""
    if not rows:
        return []
    common = set.intersection(*(images.available(row.run) for row in rows))
    chosen: list[str] = []
    seen: set[str] = set()
    for item in sorted(common):
        description = item.split("__")[0]
        if description not in seen and len(chosen) < count:
            chosen.append(item)
            seen.add(description)
    return chosen


def table_figures(table: Table, out: Path, images: ImageSource, items: int) -> list[str]:
    """The table's plots and its image grid; paths relative to `out`."""
    rows, name = table.figure_rows(), table.spec.experiment
    made: list[Path | None] = []
    if name == "asr_engines":  # gold transcripts are no engine: left out of the figures
        rows = [row for row in rows if not row.run.choices["asr"].startswith("reference")]
        made.append(figures.wer_by_voice(rows, out / "plots" / "wer_by_engine_voice.png"))
        made.append(
            figures.quality_latency(
                rows,
                ("asr/by_language/en/wer", "English WER"),
                ("asr/stage/wall_over_audio", "stage wall time / audio time"),
                True,
                out / "plots" / "asr_wer_vs_latency.png",
            )
        )
    if name == "structuring":
        made.append(figures.similarity_by_structure(rows, out / "plots" / "similarity.png"))
    if name == "diffusion_hardware":
        made.append(
            figures.quality_latency(
                rows,
                ("gen/clip_score", "CLIPScore"),
                ("latency/generate_s", "seconds per image"),
                False,
                out / "plots" / "image_quality_vs_latency.png",
            )
        )
    if name in ("structuring", "enrichment", "diffusion_hardware"):
        rows = [row for row in rows if images.available(row.run)]  # runs that logged images
        chosen = grid_items(rows, images, items)
        title = f"{name}: the same descriptions by config ({table.dataset})"
        made.append(
            figures.image_grid(rows, chosen, images.fetch, title, out / "grids" / f"{name}.png")
        )
    return [str(p.relative_to(out)) for p in made if p is not None]


def index_markdown(tables: Sequence[Table], runs: int, experiment: str) -> str:
    lines = [
        "# Results",
        "",
        f"Written by the `report` stage (`dvc repro report`) from the {runs} finished runs of the "
        f"MLflow experiment `{experiment}` (`tracking.uri`). A row is the latest run of its "
        "config; the same runs give the same files. Reproducing them: README, *Reproducing the "
        "thesis tables*, and docs/experiments.md.",
        "",
        "| table | rows | Markdown | LaTeX | measured on |",
        "|---|---:|---|---|---|",
    ]
    for table in tables:
        name = table.spec.experiment
        machines = "; ".join(sorted({row.run.hardware for row in table.rows})) or "–"
        lines.append(
            f"| {table.spec.title} | {len(table.rows)} | [{name}.md]({name}.md) | "
            f"[{name}.tex]({name}.tex) | {machines} |"
        )
    return "\n".join(lines) + "\n"


def clear(out: Path) -> None:
    """Remove what an earlier report wrote (only its own kinds of files)."""
    for sub in ("plots", "grids"):
        shutil.rmtree(out / sub, ignore_errors=True)
    for pattern in ("*.md", "*.tex"):
        for path in out.glob(pattern):
            path.unlink()


def write_report(
    runs: Sequence[Run], out: Path, images: ImageSource, experiment: str, conf_dir: Path,
    items: int = 4,
) -> dict[str, Any]:  # fmt: skip
    """The tables of every experiment file in `conf_dir/experiment/` into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    clear(out)
    tables = build_tables(runs, conf_dir)
    for table in tables:
        made = table_figures(table, out, images, items)
        name = table.spec.experiment
        (out / f"{name}.md").write_text(table_markdown(table, made))
        (out / f"{name}.tex").write_text(table_latex(table))
    (out / "index.md").write_text(index_markdown(tables, len(runs), experiment))
    return {"runs": len(runs), "tables": {t.spec.experiment: len(t.rows) for t in tables}}
