"""How far two annotators agree, and a structurer against each: the second annotation of
dev texts (written blind, from data/descriptions/README.md alone) scored against the dev gold,
so that a structurer's F1 can be read against the ceiling that annotation disagreement sets.

    python scripts/annotator_agreement.py data/descriptions/agreement/dev_second_annotator.yaml
    python scripts/annotator_agreement.py FILE --structurer structure=syntax --json out.json

Reads only dev files (the config's dev split and their `<name>_extra*.yaml` siblings): a second
annotation of test items would be a second look at test."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from hydra import compose, initialize_config_dir

from voice2image.config import CONF_DIR, build
from voice2image.descriptions import files_by_split, load_descriptions
from voice2image.evaluation.agreement import agreement, paired, score_against
from voice2image.structure.base import Structurer


def dev_descriptions(overrides: list[str]) -> list[Any]:
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=overrides)
    files = files_by_split(cfg.dataset.descriptions)["dev"]
    files += [str(p) for f in files for p in sorted(Path(f).parent.glob(f"{Path(f).stem}_extra*"))]
    return [d for f in files for d in load_descriptions(f)]


def line(label: str, group: dict[str, Any]) -> str:
    slots = group["slots"]
    ci = slots.get("f1_ci") or {"low": float("nan"), "high": float("nan")}
    by_slot = " ".join(f"{k} {v['f1']:.2f}" for k, v in slots["by_slot"].items())
    return (
        f"{label:<34} items {group['items']:3d}  F1 {slots['f1']:.3f} "
        f"[{ci['low']:.2f}, {ci['high']:.2f}]  self-correction "
        f"{group.get('self_correction_accuracy')}\n{'':<34} {by_slot}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("second", type=Path, help="the second annotation (Description YAML)")
    parser.add_argument(
        "--structurer", nargs="*", metavar="OVERRIDE", help="also score this structurer"
    )
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()

    first = dev_descriptions([])
    try:
        second = load_descriptions(args.second)
        ids = set(paired(first, second))
    except ValueError as exc:
        raise SystemExit(f"{args.second}: {exc}") from None
    first = [d for d in first if d.id in ids]
    figures: dict[str, Any] = {"items": len(ids), "agreement": agreement(first, second)}
    if args.structurer is not None:
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
            cfg = compose(config_name="config", overrides=args.structurer)
        structurer = build(cfg.structure, Structurer, "structurer")
        structurer.load()
        predicted = {
            d.id: structurer.structure(d.text, d.language).description.model_dump() for d in first
        }
        figures["structurer"] = {
            "overrides": args.structurer,
            "vs_first": score_against(first, predicted),
            "vs_second": score_against(second, predicted),
        }
    rows = [("second annotator vs first", figures["agreement"])]
    if "structurer" in figures:
        name = " ".join(args.structurer) or "default structurer"
        rows += [
            (f"{name} vs first", figures["structurer"]["vs_first"]),
            (f"{name} vs second", figures["structurer"]["vs_second"]),
        ]
    for label, metrics in rows:
        for language, group in metrics["by_language"].items():
            print(line(f"{label}, {language}", group))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
