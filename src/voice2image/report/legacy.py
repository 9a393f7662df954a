"""Rows published before run records existed: read back from a published Markdown table into
`results/legacy/<experiment>.json` (`LegacyTable`), so the report keeps every published row
until a record of the same row replaces it (`scripts/legacy_rows.py`).

Only what the table printed survives: the figures as rounded there, no intervals, no item rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from voice2image.report.runs import LegacyRow, LegacyTable
from voice2image.report.tables import Column, TableSpec

ABSENT = ("–", "-", "")
LOAD = re.compile(r"^(?P<machine>.*?)(?: \(load (?P<load>[0-9.]+)\))?$")
# The id column says how the row was sourced; what follows the id is the report's own marking.
MARKS = re.compile(r" \((?:no record|re-measured)\)")


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]


def table_lines(text: str) -> list[list[str]]:
    """The cells of the first Markdown table in `text`: its header, then its rows."""
    lines: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("|"):
            cells = _cells(line)
            if not all(set(cell) <= set("-: ") for cell in cells):
                lines.append(cells)
        elif lines:
            break
    return lines


def _figure(text: str) -> float | None:
    """`0.772` or `0.772 ± 0.030` -> 0.772; `–` -> None."""
    value = text.split("±")[0].strip()
    return None if value in ABSENT else float(value)


def rows_from_markdown(text: str, spec: TableSpec, axes: Sequence[str], source: str) -> LegacyTable:
    """The rows of a published table of `spec` whose row axes are `axes` (dataset first, as the
    report writes them); none when it has no table ("No runs yet"). A column the spec does not
    know is an error naming it."""
    lines = table_lines(text)
    if not lines:
        return LegacyTable(experiment=spec.experiment, source=source, rows=[])
    head, *body = lines
    keys = ["dataset", *axes]
    if head[: len(keys)] != keys or head[-3:-1] != ["measured on", "commit"]:
        raise ValueError(f"{source}: columns {head} do not start with {keys}")
    labels = {column.label: column.key for column in spec.columns if isinstance(column, Column)}
    figures = head[len(keys) : -3]
    unknown = [label for label in figures if label not in labels and not label.startswith("Δ")]
    if unknown:
        raise ValueError(f"{source}: columns {unknown} are in no table of {spec.experiment}")
    rows = []
    for cells in body:
        if len(cells) != len(head):
            raise ValueError(f"{source}: row {cells} has {len(cells)} cells, not {len(head)}")
        metrics = {}
        for label, value in zip(figures, cells[len(keys) : -3], strict=True):
            if label in labels and (number := _figure(value)) is not None:
                metrics[labels[label]] = number
        found = LOAD.match(cells[-3])
        machine, load = (found["machine"], found["load"] or "") if found else (cells[-3], "")
        rows.append(
            LegacyRow(
                key=dict(zip(keys, cells[: len(keys)], strict=True)),
                metrics=metrics,
                measured_on=machine,
                load=load,
                commit=cells[-2],
                run=MARKS.sub("", cells[-1]),
            )
        )
    return LegacyTable(experiment=spec.experiment, source=source, rows=rows)


def freeze(tables: Path, out: Path, conf_dir: Path, root: Path | None = None) -> dict[str, int]:
    """Every published table `tables/<experiment>.md` of an experiment file in `conf_dir` ->
    `out/<experiment>.json`; returns the rows per table. A table the folder lacks, or one
    without rows, is skipped;
    `root`: the project, which the files name their source relative to."""
    from voice2image.files import atomic_write_text
    from voice2image.report.tables import SPECS
    from voice2image.sweep import load_experiment

    counts = {}
    for spec in SPECS:
        path = tables / f"{spec.experiment}.md"
        if not path.is_file() or not (conf_dir / "experiment" / f"{path.stem}.yaml").is_file():
            continue
        axes = list(load_experiment(spec.experiment, conf_dir).grid)
        source = path.relative_to(root) if root and path.is_relative_to(root) else path
        table = rows_from_markdown(path.read_text(encoding="utf-8"), spec, axes, str(source))
        if not table.rows:
            continue
        atomic_write_text(out / f"{spec.experiment}.json", table.model_dump_json(indent=2) + "\n")
        counts[spec.experiment] = len(table.rows)
    return counts
