"""How much of the structuring loss on ASR transcripts is recognition: slot F1 by the item's WER.

Each transcript of a dev or test item (`data/transcripts/transcripts.jsonl`, what `dvc repro`
made) is structured twice, from the reference text and from the transcript, and both are scored
against the gold; items are binned by their WER (the project's normalisation,
`evaluation.textnorm`). If structuring lost nothing to the transcript's form (no fillers, other
punctuation, digits), the two figures would agree in the WER-0 bin.

    python scripts/structure_by_wer.py                      # dev, structure=syntax
    python scripts/structure_by_wer.py --split test structure=rules
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from voice2image.descriptions import load_descriptions  # noqa: E402
from voice2image.evaluation.asr import edit_counts  # noqa: E402
from voice2image.evaluation.text import prf, slot_counts  # noqa: E402
from voice2image.evaluation.textnorm import normalize  # noqa: E402

BINS = ((0.0, "0"), (0.1, "(0, 10%]"), (0.25, "(10%, 25%]"), (float("inf"), "> 25%"))


def _bin(wer: float) -> str:
    return next(name for top, name in BINS if wer <= top)


def _f1(counts: dict[str, list[int]]) -> float:
    return prf(*(sum(c[k] for c in counts.values()) for k in range(3)))["f1"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("overrides", nargs="*", default=["structure=syntax"])
    parser.add_argument("--split", default="dev", choices=["dev", "test"])
    parser.add_argument(
        "--transcripts", type=Path, default=ROOT / "data" / "transcripts" / "transcripts.jsonl"
    )
    args = parser.parse_args(argv)
    if not args.transcripts.is_file():
        parser.error(f"{args.transcripts}: no transcripts (run `dvc repro` first)")
    from hydra import compose, initialize_config_dir

    from voice2image.config import CONF_DIR, build
    from voice2image.structure.base import Structurer

    folder = ROOT / "data" / "descriptions" / args.split
    items = {d.id: d for name in ("en.yaml", "ru.yaml") for d in load_descriptions(folder / name)}
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=args.overrides)
    structurer = build(cfg.structure, Structurer, "structurer")
    structurer.load()
    reference_f1: dict[str, float] = {}
    bins: dict[tuple[str, str], list[float]] = {}
    for line in args.transcripts.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        item = items.get(record["id"].split("__")[0])
        if item is None or record.get("status") != "ok":
            continue
        if item.id not in reference_f1:
            said = structurer.structure(item.text, item.language).description
            reference_f1[item.id] = _f1(slot_counts(said, item.gold))
        heard = structurer.structure(record["text"], item.language).description
        edits = edit_counts(
            normalize(item.text, item.language), normalize(record["text"], item.language)
        )
        wer = edits["word_errors"] / max(edits["words"], 1)
        row = bins.setdefault((item.language, _bin(wer)), [0, 0.0, 0.0])
        row[0] += 1
        row[1] += reference_f1[item.id]
        row[2] += _f1(slot_counts(heard, item.gold))
    said_with = " ".join(args.overrides)
    print(f"{args.split}, {said_with}: mean item slot F1, reference text / transcript")
    for language in ("en", "ru"):
        for _, name in BINS:
            if (language, name) in bins:
                n, from_text, from_speech = bins[(language, name)]
                print(
                    f"  {language}  WER {name:<11} {n:4d} transcripts  "
                    f"{from_text / n:.3f} / {from_speech / n:.3f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
