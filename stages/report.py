"""DVC stage `report`: the thesis tables, plots and image grids from the run records into
`report.dir` (docs/results/)."""

from pathlib import Path

from voice2image.cli import main_guard
from voice2image.config import CONF_DIR, load_params
from voice2image.paths import project_root
from voice2image.pipeline import report


def main() -> None:
    cfg = load_params()
    summary = report.run(
        cfg.report, cfg.tracking, int(cfg.seed), CONF_DIR, project_root(Path.cwd())
    )
    rows = ", ".join(f"{name} {count}" for name, count in summary["tables"].items())
    again = sum(summary["remeasured"].values())
    print(
        f"report: {summary['runs']} records; rows: {rows}; re-measured {again} -> {cfg.report.dir}"
    )


if __name__ == "__main__":
    main_guard(main, "report")
