"""DVC stage `identify`: who speaks in each manifest item (and when, in long recordings)."""

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.pipeline import identify


def main() -> None:
    cfg = load_params()
    paths = cfg.paths
    summary = identify.run(
        cfg.speaker, int(cfg.chunk_size), paths.manifest, paths.registry, paths.identified
    )
    print(
        f"identify: {summary.items} items with {summary.embedder}, "
        f"{summary.unknown} unknown, {summary.failed} failed"
    )


if __name__ == "__main__":
    main_guard(main, "identify")
