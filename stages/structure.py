"""DVC stage: structure every transcript with the configured structurer."""

from voice2image import structuring
from voice2image.cli import main_guard
from voice2image.config import load_params


def main() -> None:
    cfg = load_params()
    summary = structuring.run(cfg, cfg.paths.manifest, cfg.paths.transcripts, cfg.paths.structured)
    print(
        f"structure: {summary.items} items ({summary.failed} failed, {summary.fell_back} fell "
        f"back) with {summary.structurer} in {summary.wall_s:.1f} s"
    )


if __name__ == "__main__":
    main_guard(main, "structure")
