"""Stage `report`: the thesis tables (Markdown and LaTeX), plots and image grids from the run
records (`tracking.records`, results/runs/) and the rows published before records existed
(`report.legacy`), into `report.dir` (docs/results/).

Each table belongs to an experiment file (`conf/experiment/<name>.yaml`): its grid gives the row
axes and their order, its fixed overrides which runs qualify. A row is the newest record of its
choices, so the same records give the same files; a grid point without a row is listed with the
command that produces it. Image grids take the per-item images from the record's MLflow run
when the configured store has it; otherwise the published grid stays.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from voice2image.report.document import ArtifactImages, ImageSource, NoImages, write_report
from voice2image.report.runs import from_record
from voice2image.results import record
from voice2image.tracking import tracking_uri


def run(report: Any, tracking: Any, seed: int, conf_dir: Path, root: Path) -> dict[str, Any]:
    """`report` and `tracking`: the config sections of the same names; `seed`: the paired
    tests'; `conf_dir`: the config groups whose experiment files define the tables; `root`: the
    project (records, legacy rows and the default store are relative to it, also from a queued
    experiment's temporary copy)."""
    folder = record.records_dir(str(tracking.get("records") or "results/runs"), root)
    records = record.read_all(folder)
    runs = [from_record(r) for r in records]
    legacy = record.records_dir(str(report.get("legacy") or "results/legacy"), root)
    out = Path(report.dir)  # the checkout's own (a queued experiment's copy commits it)
    with tempfile.TemporaryDirectory(prefix="v2i-report-") as scratch:
        images: ImageSource = NoImages()
        if tracking.get("enabled", True):
            images = ArtifactImages(tracking_uri(tracking.get("uri"), root), Path(scratch))
        return write_report(runs, out, images, conf_dir, int(report.grid_items), legacy, int(seed))
