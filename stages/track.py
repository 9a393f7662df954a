"""DVC stage `track`: the run's record under `tracking.records` and one MLflow run with every
metrics file and the per-item artifacts."""

import json
from pathlib import Path

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.paths import project_root
from voice2image.pipeline import track


def main() -> None:
    cfg = load_params()
    paths = cfg.paths
    run_id = track.run(
        cfg.tracking, cfg, project_root(Path.cwd()), paths.metrics, paths.images,
        paths.transcripts, paths.prompts,
    )  # fmt: skip
    print(
        f"track: MLflow run {run_id}; record {cfg.tracking.records}/"
        f"{json.loads(Path(paths.metrics, 'mlflow_run.json').read_text())['record']}.json"
    )


if __name__ == "__main__":
    main_guard(main, "track")
