"""DVC stages: `python stages/evaluate.py asr|text|image` scores one step into metrics/;
`python stages/evaluate.py track` mirrors all metrics into one MLflow run."""

import sys
from pathlib import Path

from voice2image import evaluate
from voice2image.cli import main_guard
from voice2image.config import load_params


def main() -> None:
    step = sys.argv[1] if len(sys.argv) > 1 else ""
    cfg = load_params()
    paths = cfg.paths
    if step == "asr":
        asr = evaluate.run_asr(cfg, paths.manifest, paths.transcripts, paths.metrics)["asr"]
        print(f"evaluate asr: WER {asr.get('wer')} over {asr['items']} items")
    elif step == "text":
        text = evaluate.run_text(
            cfg, paths.manifest, paths.structured, paths.prompts, paths.metrics
        )
        print(f"evaluate text: slot F1 {text['text'].get('slots', {}).get('f1')}")
    elif step == "image":
        image = evaluate.run_image(cfg, paths.images, paths.metrics)
        print(f"evaluate image: CLIPScore {image['gen'].get('clip_score')}")
    elif step == "speaker":
        from voice2image.evaluation import speaker

        spk = speaker.run(
            cfg, paths.manifest, paths.identified, paths.registry, paths.speakers_config,
            paths.transcripts, paths.metrics,
        )["speaker"]  # fmt: skip
        ident, diar = spk["identification"], spk["diarization"]
        bundled = ident.get("bundled", {}).get("accuracy")
        print(f"evaluate speaker: EER {ident['eer']}, accuracy {bundled}, DER {diar['der_call']}")
    elif step == "track":
        metrics = Path(paths.metrics)
        artifacts = [
            metrics / "asr_items.jsonl",
            metrics / "text_items.jsonl",
            metrics / "image_items.jsonl",
            metrics / "plots" / "asr_wer_by_voice.png",
            metrics / "speaker_items.jsonl",
            metrics / "plots" / "speaker_similarity.png",
            Path(paths.images) / "contact_sheet.png",
            Path(paths.images) / "images",  # one PNG per item, for the report's image grids
            paths.transcripts,
            paths.prompts,
        ]
        print(f"track: MLflow run {evaluate.track(cfg, metrics, artifacts)}")
    else:
        raise ValueError(f"usage: evaluate.py asr|text|image|speaker|track (got '{step}')")


if __name__ == "__main__":
    main_guard(main, "evaluate")
