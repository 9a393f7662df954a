"""Where caches and the tracking store live: absolute locations that queued DVC experiments
(which run in a temporary copy of the repo) still reach."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Model cache: $VOICE2IMAGE_CACHE, else ~/.cache/voice2image."""
    root = os.environ.get("VOICE2IMAGE_CACHE") or Path.home() / ".cache" / "voice2image"
    path = Path(root).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def project_root(start: Path) -> Path:
    """The repository `start` (an entry point's working directory) belongs to, also from inside
    a DVC queue's temporary copy (`<repo>/.dvc/tmp/exps/<name>/`), so every run of a project
    shares one MLflow store."""
    here = start.resolve()
    parts = here.parts
    for index in range(len(parts) - 3):
        if parts[index : index + 3] == (".dvc", "tmp", "exps"):
            return Path(*parts[:index])
    for candidate in (here, *here.parents):
        if (candidate / "dvc.yaml").exists() or (candidate / ".git").exists():
            return candidate
    return here
