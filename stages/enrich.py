"""DVC stage `enrich`: render every structured description into prompts for the diffusion
model, with the identified speaker's profile."""

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.pipeline import enrich


def main() -> None:
    cfg = load_params()
    paths = cfg.paths
    summary = enrich.run(
        cfg.enrich, paths.presets, str(cfg.diffusion.family), int(cfg.seed), int(cfg.chunk_size),
        paths.structured, paths.identified, paths.prompts,
    )  # fmt: skip
    print(
        f"enrich: {summary.items} prompts ({summary.failed} failed, {summary.truncated} cut) "
        f"with {summary.enricher} for {summary.family} in {summary.wall_s:.1f} s"
    )


if __name__ == "__main__":
    main_guard(main, "enrich")
