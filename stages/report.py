"""DVC stage: `python stages/report.py` writes the thesis tables, plots and image grids from the
MLflow runs into `report.dir` (docs/results/)."""

from voice2image import report
from voice2image.cli import main_guard
from voice2image.config import load_params


def main() -> None:
    cfg = load_params()
    summary = report.run(cfg.report, cfg.tracking)
    rows = ", ".join(f"{name} {count}" for name, count in summary["tables"].items())
    print(f"report: {summary['runs']} runs; rows: {rows} -> {cfg.report.dir}")


if __name__ == "__main__":
    main_guard(main, "report")
