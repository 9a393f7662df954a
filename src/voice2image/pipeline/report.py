"""Stage `report`: the thesis tables (Markdown and LaTeX), plots and image grids, from the MLflow
runs of the configured tracking store, into `report.dir` (docs/results/).

Each table belongs to an experiment file (`conf/experiment/<name>.yaml`): its grid gives the row
axes and their order, its fixed overrides which runs qualify. A row is the latest finished run
of its choices, so the same runs give the same files; a grid point without a run is listed with
the command that produces it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from voice2image.report.document import ArtifactImages, write_report
from voice2image.report.runs import load_runs
from voice2image.tracking import tracking_uri


def run(report: Any, tracking: Any, conf_dir: Path, root: Path) -> dict[str, Any]:
    """`report` and `tracking`: the config sections of the same names; `conf_dir`: the config
    groups whose experiment files define the tables; `root`: the project (default store)."""
    uri = tracking_uri(tracking.get("uri"), root)
    experiment = str(tracking.get("experiment", "voice2image"))
    runs = load_runs(uri, experiment)
    with tempfile.TemporaryDirectory(prefix="v2i-report-") as scratch:
        images = ArtifactImages(uri, Path(scratch))
        return write_report(
            runs, Path(report.dir), images, experiment, conf_dir, int(report.grid_items)
        )
