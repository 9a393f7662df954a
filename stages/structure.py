"""DVC stage `structure`: structure every transcript with the configured structurer."""

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.pipeline import structure


def main() -> None:
    cfg = load_params()
    paths = cfg.paths
    summary = structure.run(
        cfg.structure, int(cfg.chunk_size), paths.manifest, paths.transcripts, paths.structured
    )
    print(
        f"structure: {summary.items} items ({summary.failed} failed, {summary.fell_back} fell "
        f"back) with {summary.structurer} in {summary.wall_s:.1f} s"
    )


if __name__ == "__main__":
    main_guard(main, "structure")
