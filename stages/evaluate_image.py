"""DVC stage `evaluate_image`: CLIPScore and the latency split into metrics/image.json."""

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.pipeline import evaluate_image


def main() -> None:
    cfg = load_params()
    image = evaluate_image.run(
        str(cfg.diffusion.clip_model), str(cfg.hardware.device), int(cfg.seed),
        cfg.paths.manifest, cfg.paths.images, cfg.paths.metrics,
    )  # fmt: skip
    print(f"evaluate image: CLIPScore {image['gen'].get('clip_score')}")


if __name__ == "__main__":
    main_guard(main, "evaluate_image")
