"""DVC stage `generate`: turn every enriched prompt into an image with the configured diffusion
backend."""

from pathlib import Path

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.pipeline import generate


def main() -> None:
    cfg = load_params()
    paths = cfg.paths
    summary = generate.run(
        cfg.diffusion, cfg.hardware, int(cfg.seed), paths.prompts, paths.images,
        reference_root=Path(paths.manifest).parent,
    )  # fmt: skip
    print(
        f"generate: {summary.items} prompts ({summary.failed} failed, {summary.resumed} reused) "
        f"with {summary.backend} on {summary.hardware}: load {summary.load_s:.1f} s, "
        f"{summary.images_per_s:.3f} images/s, peak RSS {summary.peak_rss_mb:.0f} MB"
    )


if __name__ == "__main__":
    main_guard(main, "generate")
