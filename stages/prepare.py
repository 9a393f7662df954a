"""DVC stage `prepare`: speak the descriptions and gather real speech
(voice2image.pipeline.prepare)."""

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.pipeline import prepare


def main() -> None:
    cfg = load_params()
    outputs = prepare.run(cfg.dataset, cfg.paths.prepared)
    print(f"prepare: {outputs.items} clips in {outputs.manifest}, {len(outputs.failed)} failed")


if __name__ == "__main__":
    main_guard(main, "prepare")
