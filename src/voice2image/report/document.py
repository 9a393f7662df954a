"""The thesis tables (Markdown and LaTeX), plots and image grids, from the run records, into the
results folder (docs/results/; the `report` stage).

Each table belongs to an experiment file (`conf/experiment/<name>.yaml`): its grid gives the row
axes and their order, its fixed overrides which runs qualify. A row is the newest record of its
choices; a row measured again shows the new figures, marked, with the old ones and whether each
new value lies inside the old interval. Rows published before records existed stay until a
record replaces them. Nothing published is deleted: a plot or image grid is redrawn only when
every row it shows has a record (and, for a grid, images), else the published file stays. A grid
point without a row is listed with the command that produces it. The same records give the
same files.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from voice2image.report import figures
from voice2image.report.runs import Row, Run, load_legacy, select_rows
from voice2image.report.tables import (
    DELTA_NOTE,
    INTERVAL_NOTE,
    SPECS,
    Column,
    TableSpec,
    body,
    cell,
    header,
    latex,
    markdown,
    number,
)
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

    def _baseline_index(self) -> int | None:
        if self.spec.baseline is None or self.spec.baseline[0] not in self.axes:
            return None
        return 1 + self.axes.index(self.spec.baseline[0])

    def is_baseline(self, row: Row) -> bool:
        index = self._baseline_index()
        return index is not None and row.key[index] == self.spec.baseline[1]  # type: ignore[index]

    def baseline_of(self, row: Row) -> Row | None:
        """The row this one is compared with: the baseline choice, the other axes equal."""
        index = self._baseline_index()
        if index is None or self.spec.baseline is None:
            return None
        key = (*row.key[:index], self.spec.baseline[1], *row.key[index + 1 :])
        return next((other for other in self.rows if other.key == key), None)

    def body(self, seed: int) -> list[list[str]]:
        return body(self.rows, self.spec.columns, self.baseline_of, self.is_baseline, seed)


def build_tables(
    runs: Sequence[Run], conf_dir: Path, legacy_dir: Path | None = None
) -> list[Table]:
    tables = []
    for spec in SPECS:
        if not (conf_dir / "experiment" / f"{spec.experiment}.yaml").is_file():
            continue
        experiment = load_experiment(spec.experiment, conf_dir)
        order = {**experiment.grid, "dataset": [experiment.fixed.get("dataset", "")]}
        legacy = load_legacy(legacy_dir, spec.experiment) if legacy_dir else []
        rows = select_rows(runs, list(experiment.grid), experiment.fixed, order, legacy)
        tables.append(Table(spec, experiment, rows))
    return tables


def sweep_command(name: str, point: dict[str, str] | None = None) -> str:
    overrides = " ".join(f"{k}={v}" for k, v in (point or {}).items())
    return f"python -m voice2image.sweep {name} {overrides}".strip()


def _when(run: Run) -> str:
    if not run.has_record:
        return f"{run.short_id} (published without a record, commit {run.commit[:7]})"
    return f"{run.short_id} ({run.created[:10]}, commit {run.commit[:7]}, {run.hardware})"


def remeasured(table: Table) -> list[str]:
    """Markdown lines: each re-measured row, its figures old and new, and whether each new
    value lies inside the old 95% interval."""
    lines: list[str] = []
    for row in table.rows:
        old, new = row.previous, row.run
        if old is None:
            continue
        lines.append(f"- {' / '.join(f'`{k}`' for k in row.key)}: {_when(new)} after {_when(old)}")
        for column in table.spec.columns:
            if not isinstance(column, Column):
                continue
            before, after = old.metric(column.key), new.metric(column.key)
            bounds = old.interval(column.key)
            if before is None or after is None:
                continue
            if bounds is None and new.interval(column.key) is None:
                continue  # timings and memory: no interval, no verdict
            now = cell(after, column.digits, new.interval(column.key))
            if bounds is None:  # published without a record: judge the old value instead
                fresh = new.interval(column.key)
                assert fresh is not None
                inside = fresh[0] <= before <= fresh[1]
                verdict = (
                    "no old interval; the old value is inside the new one"
                    if inside
                    else "no old interval; **the old value is outside the new one**"
                )
                then = number(before, column.digits)
            else:
                inside = bounds[0] <= after <= bounds[1]
                verdict = "inside the old interval" if inside else "**outside the old interval**"
                low, high = (number(b, column.digits) for b in bounds)
                then = f"{number(before, column.digits)} [{low}, {high}]"
            lines.append(f"  - {column.label}: {then} → {now}: {verdict}")
    return lines


def clip_hashes(table: Table) -> list[str]:
    """Markdown lines: per row whose record compared its prepared clips with the committed
    reference hashes (`evaluate_asr`), how many differ and from which voices."""
    lines = []
    prefix = "asr/clip_hashes/"
    for row in table.rows:
        checked = row.run.metric(f"{prefix}checked")
        differ = row.run.metric(f"{prefix}differ")
        if checked is None or differ is None:
            continue
        voices = sorted(
            (key.removeprefix(f"{prefix}by_voice/"), int(count))
            for key, count in row.run.metrics.items()
            if key.startswith(f"{prefix}by_voice/")
        )
        where = f" ({', '.join(f'{voice} {count}' for voice, count in voices)})" if voices else ""
        key = " / ".join(f"`{k}`" for k in row.key)
        lines.append(f"- {key}: {int(differ)} of {int(checked)} clips differ{where}")
    return lines


def table_markdown(table: Table, figure_files: Sequence[str], seed: int) -> str:
    spec, name = table.spec, table.spec.experiment
    lines = [f"# {spec.title}", ""]
    lines += [
        f"Experiment `conf/experiment/{name}.yaml`; every row is the newest run record "
        f"(`results/runs/`) of its choices (the other groups as the experiment file sets them), "
        f"or a row published before records existed (`no record`). Produce the rows: "
        f"`{sweep_command(name)}` (`--multirun` for the Hydra app).",
        "",
    ]
    if table.rows:
        columns = spec.columns
        head = header(table.axes, columns)
        lines.append(markdown(head, table.body(seed), 1 + len(table.axes)))
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
    notes = list(table.spec.notes)
    if spec.baseline is not None:
        notes.append(DELTA_NOTE.format(axis=spec.baseline[0], value=spec.baseline[1]))
    else:
        notes.append(INTERVAL_NOTE)
    lines += [f"- {note}" for note in notes]
    hashes = clip_hashes(table)
    if hashes:
        lines += [
            "",
            "Prepared clips against the committed reference hashes (`data/reference_hashes/`; "
            "a clip that differs was made on another CPU or with other package versions: "
            'docs/evaluation.md, "Bit-identical clips"):',
            "",
            *hashes,
        ]
    again = remeasured(table)
    if again:
        lines += [
            "",
            "Re-measured rows (the newest record of the row against the one before it; "
            "`git rm` the older record to accept the new figures):",
            "",
            *again,
        ]
    if figure_files:
        lines += ["", f"Figures (data set `{table.dataset}`):", ""]
        lines += [f"![{Path(f).stem}]({f})" for f in figure_files]
    return "\n".join(lines).rstrip() + "\n"


def table_latex(table: Table, seed: int) -> str:
    columns = table.spec.columns
    head = header(table.axes, columns)
    caption = f"{table.spec.title}. {figures.hardware_caption(table.rows)}."
    if not table.rows:
        caption = f"{table.spec.title}. No runs yet: {sweep_command(table.spec.experiment)}."
    return latex(head, table.body(seed), 1 + len(table.axes), caption, table.spec.experiment)


class ImageSource(Protocol):
    """Where the per-item images of a run come from."""

    def available(self, run: Run) -> set[str]: ...

    def fetch(self, row: Row, item: str) -> Path | None: ...


class NoImages:
    """No image store: grids are never redrawn, the published ones stay."""

    def available(self, run: Run) -> set[str]:
        return set()

    def fetch(self, row: Row, item: str) -> Path | None:
        return None


class ArtifactImages:
    """Per-item PNGs the track stage logged under `images/` of the record's MLflow run, when
    the store at `uri` has that run; fetched on demand."""

    def __init__(self, uri: str, scratch: Path) -> None:
        from mlflow.tracking import MlflowClient

        self.uri, self.scratch = uri, scratch
        os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
        self.client = MlflowClient(tracking_uri=uri)

    def available(self, run: Run) -> set[str]:
        if not run.mlflow_run_id:
            return set()
        try:
            listed = self.client.list_artifacts(run.mlflow_run_id, "images")
        except Exception:
            return set()
        return {Path(f.path).stem for f in listed if f.path.endswith(".png")}

    def fetch(self, row: Row, item: str) -> Path | None:
        from mlflow.artifacts import download_artifacts

        run_id = row.run.mlflow_run_id
        if not run_id:
            return None
        try:
            local = download_artifacts(
                run_id=run_id,
                artifact_path=f"images/{item}.png",
                dst_path=str(self.scratch / run_id),
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


def _redraw_or_keep(path: Path, drawable: bool, draw: Callable[[], Path | None]) -> Path | None:
    """Redraw the figure when every row it shows has a record; else (or when there is nothing
    to draw) keep the published file, if any."""
    made = draw() if drawable else None
    return made if made is not None else (path if path.exists() else None)


def table_figures(table: Table, out: Path, images: ImageSource, items: int) -> list[str]:
    """The table's plots and its image grid; paths relative to `out`."""
    rows, name = table.figure_rows(), table.spec.experiment
    recorded = bool(rows) and all(row.run.has_record for row in rows)
    made: list[Path | None] = []
    if name == "asr_engines":  # gold transcripts are no engine: left out of the figures
        rows = [row for row in rows if not row.run.choices["asr"].startswith("reference")]
        path = out / "plots" / "wer_by_engine_voice.png"
        made.append(_redraw_or_keep(path, recorded, lambda: figures.wer_by_voice(rows, path)))
        path2 = out / "plots" / "asr_wer_vs_latency.png"
        made.append(
            _redraw_or_keep(
                path2,
                recorded,
                lambda: figures.quality_latency(
                    rows,
                    ("asr/by_language/en/wer", "English WER"),
                    ("asr/stage/wall_over_audio", "stage wall time / audio time"),
                    True,
                    path2,
                ),
            )
        )
    if name == "structuring":
        path = out / "plots" / "similarity.png"
        made.append(
            _redraw_or_keep(path, recorded, lambda: figures.similarity_by_structure(rows, path))
        )
    if name == "diffusion_hardware":
        path = out / "plots" / "image_quality_vs_latency.png"
        made.append(
            _redraw_or_keep(
                path,
                recorded,
                lambda: figures.quality_latency(
                    rows,
                    ("gen/clip_score", "CLIPScore"),
                    ("latency/generate_s", "seconds per image"),
                    False,
                    path,
                ),
            )
        )
    if name in ("structuring", "enrichment", "diffusion_hardware"):
        path = out / "grids" / f"{name}.png"
        with_images = recorded and all(images.available(row.run) for row in rows)
        chosen = grid_items(rows, images, items) if with_images else []
        title = f"{name}: the same descriptions by config ({table.dataset})"
        made.append(
            _redraw_or_keep(
                path,
                bool(chosen),
                lambda: figures.image_grid(rows, chosen, images.fetch, title, path),
            )
        )
    return [str(p.relative_to(out)) for p in made if p is not None]


def index_markdown(tables: Sequence[Table]) -> str:
    lines = [
        "# Results",
        "",
        "Written by the `report` stage (`dvc repro report`) from the run records in "
        "`results/runs/` (one JSON file per run, published with `git add`) and the rows "
        "published before records existed (`results/legacy/`). A row is the newest record of "
        "its config; the same records give the same files. Reproducing them: README, "
        "*Reproducing the thesis tables*, and docs/experiments.md.",
        "",
        "| table | rows | re-measured | without a record | Markdown | LaTeX | measured on |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for table in tables:
        name = table.spec.experiment
        machines = "; ".join(sorted({row.run.hardware for row in table.rows})) or "–"
        again = sum(row.remeasured for row in table.rows)
        legacy = sum(not row.run.has_record for row in table.rows)
        lines.append(
            f"| {table.spec.title} | {len(table.rows)} | {again} | {legacy} | "
            f"[{name}.md]({name}.md) | [{name}.tex]({name}.tex) | {machines} |"
        )
    return "\n".join(lines) + "\n"


def write_report(
    runs: Sequence[Run],
    out: Path,
    images: ImageSource,
    conf_dir: Path,
    items: int = 4,
    legacy_dir: Path | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """The tables of every experiment file in `conf_dir/experiment/` into `out`; `legacy_dir`:
    rows published without a record; `seed`: the paired tests'. Writes the tables, plots and
    grids it makes and deletes nothing."""
    out.mkdir(parents=True, exist_ok=True)
    tables = build_tables(runs, conf_dir, legacy_dir)
    for table in tables:
        made = table_figures(table, out, images, items)
        name = table.spec.experiment
        (out / f"{name}.md").write_text(table_markdown(table, made, seed))
        (out / f"{name}.tex").write_text(table_latex(table, seed))
    (out / "index.md").write_text(index_markdown(tables))
    return {
        "runs": len(runs),
        "tables": {t.spec.experiment: len(t.rows) for t in tables},
        "remeasured": {t.spec.experiment: sum(r.remeasured for r in t.rows) for t in tables},
    }
