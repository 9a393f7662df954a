"""What the research notebooks (`notebooks/`) share: a quiet session rooted at the repository,
a temporary output folder, and the small `smoke` configuration they run the stages on.

    from voice2image.notebook import start_notebook

    nb = start_notebook("01")
    cfg = nb.config("asr=faster_whisper_base")
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Set before tqdm and transformers are imported: both read these once, at import.
os.environ.setdefault("TQDM_DISABLE", "1")  # the stages' progress bars are noise in a notebook
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

# Only the dev descriptions: the held-out test split is run through the pipeline for the
# reported figures and never shown.
DEV_ONLY = (
    "dataset.descriptions=[{path: data/descriptions/dev/en.yaml, split: dev},"
    "{path: data/descriptions/dev/ru.yaml, split: dev}]"
)


@dataclass(frozen=True)
class NotebookSession:
    """One notebook's run: `root` is the repository (and the working directory), `out` a fresh
    temporary folder, `shared` the git-ignored folder whose spoken smoke clips every notebook
    reuses."""

    root: Path
    out: Path
    shared: Path
    started: float = field(default_factory=time.perf_counter)

    def config(self, *overrides: str) -> Any:
        """conf/ composed as `dvc exp run -S` does: the smoke set (dev only, 2 descriptions per
        language) with its clips in `shared`, then `overrides`."""
        from voice2image.compose import compose_config

        prepared = self.shared / "prepared"
        return compose_config(
            ["dataset=smoke", DEV_ONLY, "dataset.limit=2", f"paths.prepared={prepared}",
             f"paths.manifest={prepared}/manifest.jsonl", f"paths.app_prepared={self.shared}",
             *overrides],
            root=self.root,
        )  # fmt: skip

    def seconds(self) -> float:
        """Seconds since the session started, for the notebook's closing summary."""
        return round(time.perf_counter() - self.started, 1)


def start_notebook(name: str, max_colwidth: int = 90) -> NotebookSession:
    """Quiet the libraries, move into the repository (the config's relative paths are its), set
    small figures and wide table cells, and return the session of notebook `name`."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from voice2image.paths import project_root

    warnings.filterwarnings("ignore", message="IProgress not found")
    logging.getLogger("diffusers").setLevel(logging.ERROR)  # its float32-modules notice on bf16
    root = project_root(Path.cwd())
    os.chdir(root)
    plt.rcParams.update({"figure.dpi": 72, "savefig.dpi": 72, "figure.figsize": (7, 3.2)})
    pd.set_option("display.max_colwidth", max_colwidth)
    return NotebookSession(
        root=root,
        out=Path(tempfile.mkdtemp(prefix=f"v2i-nb{name}-")),
        shared=root / "outputs" / "notebooks",
    )
