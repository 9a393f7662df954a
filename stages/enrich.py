"""DVC stage: render every structured description into prompts for the diffusion model."""

from voice2image import enrichment
from voice2image.cli import main_guard
from voice2image.config import load_params


def main() -> None:
    cfg = load_params()
    paths = cfg.paths
    summary = enrichment.run(cfg, paths.structured, paths.prompts, paths.get("identified"))
    print(
        f"enrich: {summary.items} prompts ({summary.failed} failed, {summary.truncated} cut) "
        f"with {summary.enricher} for {summary.family} in {summary.wall_s:.1f} s"
    )


if __name__ == "__main__":
    main_guard(main, "enrich")
