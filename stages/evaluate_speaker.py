"""DVC stage `evaluate_speaker`: EER, identification accuracy and DER into
metrics/speaker.json."""

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.pipeline import evaluate_speaker


def main() -> None:
    cfg = load_params()
    paths = cfg.paths
    speaker = evaluate_speaker.run(
        cfg.speaker, int(cfg.seed), paths.manifest, paths.identified, paths.registry,
        paths.speakers_config, paths.transcripts, paths.metrics,
    )["speaker"]  # fmt: skip
    ident, diar = speaker["identification"], speaker["diarization"]
    bundled = ident.get("bundled", {}).get("accuracy")
    print(f"evaluate speaker: EER {ident['eer']}, accuracy {bundled}, DER {diar['der_call']}")


if __name__ == "__main__":
    main_guard(main, "evaluate_speaker")
