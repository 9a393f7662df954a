"""Execute the research notebooks and write each `.ipynb` with its outputs, from its paired
`py:percent` text (the text is the source; the `.ipynb` is what a reader opens with figures):

    python scripts/execute_notebooks.py                      # all of notebooks/
    python scripts/execute_notebooks.py notebooks/02_*.py    # some

Timing metadata is not recorded, so a rerun changes only what the run itself changed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def execute(text: Path, timeout_s: int = 900):
    """The notebook of `text` (a paired .py), executed in its folder; raises on an error cell."""
    notebook = jupytext.read(text)
    NotebookClient(
        notebook, timeout=timeout_s, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(text.parent)}},
    ).execute()  # fmt: skip
    return notebook


def main(paths: list[str]) -> int:
    texts = [Path(p) for p in paths] or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
    for text in texts:
        started = time.perf_counter()
        notebook = execute(text)
        jupytext.write(notebook, text.with_suffix(".ipynb"))
        print(f"{text.with_suffix('.ipynb')}: executed in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
