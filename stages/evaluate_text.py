"""DVC stage `evaluate_text`: slot scores and prompt figures into metrics/text.json."""

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.pipeline import evaluate_text


def main() -> None:
    cfg = load_params()
    paths = cfg.paths
    text = evaluate_text.run(
        cfg.dataset.descriptions, str(cfg.hardware.device), int(cfg.seed), paths.manifest,
        paths.structured, paths.prompts, paths.metrics,
    )  # fmt: skip
    print(f"evaluate text: slot F1 {text['text'].get('slots', {}).get('f1')}")


if __name__ == "__main__":
    main_guard(main, "evaluate_text")
