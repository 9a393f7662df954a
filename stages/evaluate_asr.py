"""DVC stage `evaluate_asr`: WER/CER of the transcripts into metrics/asr.json."""

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.pipeline import evaluate_asr


def main() -> None:
    cfg = load_params()
    paths = cfg.paths
    asr = evaluate_asr.run(
        cfg.asr,
        int(cfg.seed),
        paths.manifest,
        paths.transcripts,
        paths.metrics,
        paths.reference_hashes,
    )["asr"]
    hashes = asr.get("clip_hashes")
    differ = f"; {hashes['differ']} of {hashes['checked']} clips differ from " if hashes else ""
    print(
        f"evaluate asr: WER {asr.get('wer')} over {asr['items']} items"
        + (f"{differ}{hashes['reference']}" if hashes else "")
    )


if __name__ == "__main__":
    main_guard(main, "evaluate_asr")
