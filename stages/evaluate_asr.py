"""DVC stage `evaluate_asr`: WER/CER of the transcripts into metrics/asr.json."""

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.pipeline import evaluate_asr


def main() -> None:
    cfg = load_params()
    paths = cfg.paths
    asr = evaluate_asr.run(
        cfg.asr, int(cfg.seed), paths.manifest, paths.transcripts, paths.metrics
    )["asr"]
    print(f"evaluate asr: WER {asr.get('wer')} over {asr['items']} items")


if __name__ == "__main__":
    main_guard(main, "evaluate_asr")
