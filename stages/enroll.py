"""DVC stage `enroll`: enrol the bundled set's speakers (data/speakers.yaml) into the registry."""

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.pipeline import enroll


def main() -> None:
    cfg = load_params()
    paths = cfg.paths
    summary = enroll.run(
        cfg.speaker, cfg.dataset.voices, paths.presets, paths.speakers_config, paths.manifest,
        paths.enrolment, paths.registry,
    )  # fmt: skip
    print(f"enroll: {len(summary['speakers'])} speakers with {summary['embedder']}")


if __name__ == "__main__":
    main_guard(main, "enroll")
