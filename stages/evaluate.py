"""DVC stage: score transcripts into metrics/asr.json and log the run to MLflow."""

from pathlib import Path

from voice2image import evaluate
from voice2image.cli import main_guard
from voice2image.config import load_params


def main() -> None:
    cfg = load_params()
    metrics_dir = Path(cfg.paths.metrics)
    outputs = evaluate.run(
        cfg,
        cfg.paths.manifest,
        cfg.paths.transcripts,
        metrics_dir / "asr.json",
        metrics_dir / "asr_items.jsonl",
    )
    asr = outputs.metrics["asr"]
    print(f"evaluate: WER {asr.get('wer')} over {asr['items']} items, MLflow run {outputs.run_id}")


if __name__ == "__main__":
    main_guard(main, "evaluate")
