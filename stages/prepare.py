"""DVC stage: speak the descriptions and gather real speech (see voice2image.prepare)."""

from voice2image import prepare
from voice2image.cli import main_guard
from voice2image.config import load_params


def main() -> None:
    cfg = load_params()
    outputs = prepare.run(cfg.dataset, cfg.paths.prepared)
    print(f"prepare: {outputs.items} clips in {outputs.manifest}, {len(outputs.failed)} failed")


if __name__ == "__main__":
    main_guard(main, "prepare")
