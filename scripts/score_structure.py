"""Score a structurer on description files straight from their reference text (no audio): the
quick loop for tuning on the dev split. The thesis tables come from the DVC pipeline instead.

    python scripts/score_structure.py structure=rules                       # dev, both languages
    python scripts/score_structure.py structure=rules --files data/descriptions/dev/en.yaml
    python scripts/score_structure.py structure=syntax --extra        # dev plus dev/*_extra*.yaml
    python scripts/score_structure.py structure=syntax --extra-only   # only dev/*_extra*.yaml
    python scripts/score_structure.py structure=rules --use-translation     # ru: gold English text
    python scripts/score_structure.py structure=rules --errors /tmp/errors.jsonl
    python scripts/score_structure.py structure=rules --translator russian_gloss \
        --files data/descriptions/dev/ru.yaml    # ru: translate first, structure the English

`--extra` adds, next to each file of the split, its `<name>_extra*.yaml` (additional items written
from the annotation guide alone, with no audio: data/descriptions/README.md); `--extra-only`
scores those alone. Prints slot P/R/F1 (with the 95% interval of F1) overall and per slot,
self-correction accuracy (with its interval), count accuracy, latency (p50/p95 per item, model
load separately), by language. `--errors` writes one JSON row per item with the prediction, the
gold and the per-slot counts, for error analysis. `--translator NAME`
(a file in conf/structure/translator/) renders non-English texts in English first and scores the
structurer on that English as English; latency then includes the translation. The load average
before and after is printed (timings on a shared machine mean little without it); for LLM
structurers also answers valid at the first attempt and items that fell back to `rules`.
`--json` writes the summary. LLM few-shot examples are leave-one-out by construction
(voice2image.structure.fewshot).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from voice2image.config import CONF_DIR, build
from voice2image.descriptions import files_by_split, load_descriptions
from voice2image.evaluation.asr import distribution
from voice2image.evaluation.text import text_metrics
from voice2image.structure.base import Structurer
from voice2image.structure.translate import Translator


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages (Linux), or '' elsewhere."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def llm_outcome(warnings: list[str], method: str, name: str) -> str:
    """first: valid at the first attempt; retry: after a retry; fallback: fell back to rules
    (the `llm` structurer names each failed attempt in a warning)."""
    if method != name:
        return "fallback"
    return "retry" if any(w.startswith("attempt ") for w in warnings) else "first"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. structure=rules")
    parser.add_argument(
        "--split", default="dev", help="the data set's split to score (dev; test only to report)"
    )
    parser.add_argument("--files", nargs="+", help="description YAML files instead of a split")
    parser.add_argument(
        "--extra", action="store_true", help="add each split file's <name>_extra*.yaml siblings"
    )
    parser.add_argument(
        "--extra-only", action="store_true", help="only each split file's <name>_extra*.yaml"
    )
    parser.add_argument("--use-translation", action="store_true", help="ru: read `translation`")
    parser.add_argument("--errors", type=Path, help="write per-item predictions and gold here")
    parser.add_argument(
        "--translator", help="conf/structure/translator/<NAME>.yaml: translate first"
    )
    parser.add_argument("--json", type=Path, help="write the summary (metrics, timing) here")
    parser.add_argument("--limit", type=int, help="only the first N items of each file")
    args = parser.parse_args()

    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=args.overrides)
    structurer = build(cfg.structure, Structurer, "structurer")
    load_before = loadavg()
    started = time.perf_counter()
    structurer.load()
    translator: Translator | None = None
    if args.translator:
        translator_conf = CONF_DIR / "structure" / "translator" / f"{args.translator}.yaml"
        if not translator_conf.is_file():
            raise SystemExit(f"{translator_conf}: no such translator config")
        translator = build(OmegaConf.load(translator_conf), Translator, "translator")
        assert translator is not None
        translator.load()
    load_s = time.perf_counter() - started

    files = args.files or files_by_split(cfg.dataset.descriptions)[args.split]
    if args.extra or args.extra_only:
        extra = [
            str(p)
            for f in files
            for p in sorted(Path(f).parent.glob(f"{Path(f).stem}_extra*.yaml"))
        ]
        missing = [
            f for f in files if not any(Path(p).name.startswith(Path(f).stem) for p in extra)
        ]
        if missing:
            raise SystemExit(
                f"{missing[0]}: no extra description file (<name>_extra*.yaml) next to it"
            )
        files = extra if args.extra_only else [*files, *extra]
    descriptions = [d for path in files for d in load_descriptions(path)[: args.limit]]
    manifest, structured, latencies, outcomes = [], {}, [], []
    for item in descriptions:
        text = item.translation if args.use_translation and item.translation else item.text
        language = "en" if args.use_translation and item.translation else item.language
        tick = time.perf_counter()
        translated = None
        if translator is not None and language != "en":
            translated = translator.translate(text, language)
            text, language = translated.text, "en"
        result = structurer.structure(text, language)
        latencies.append(time.perf_counter() - tick)
        outcomes.append(llm_outcome(result.warnings, result.method, structurer.name))
        manifest.append({"id": item.id, "language": item.language, "description_id": item.id})
        structured[item.id] = {
            "status": "ok",
            "description": result.description.model_dump(),
            "method": result.method,
            "english": text if translated is not None else None,
            "untranslated": translated.untranslated if translated is not None else [],
        }
    metrics, rows = text_metrics(manifest, {d.id: d for d in descriptions}, structured, {})

    def ci(figures: dict, name: str) -> str:
        bounds = figures.get(f"{name}_ci")
        return f" [{bounds['low']:.2f}, {bounds['high']:.2f}]" if bounds else ""

    def show(label: str, group: dict) -> None:
        slots = group.get("slots", {})
        print(
            f"{label:>4}: items {group['items']:3d}  P {slots.get('precision', 0):.3f}  "
            f"R {slots.get('recall', 0):.3f}  F1 {slots.get('f1', 0):.3f}{ci(slots, 'f1')}  "
            f"self-correction {group.get('self_correction_accuracy')}"
            f"{ci(group, 'self_correction_accuracy')}  counts {group.get('count_accuracy')}"
        )
        for slot, s in slots.get("by_slot", {}).items():
            print(f"        {slot:<12} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")

    show("all", metrics)
    for language, group in metrics["by_language"].items():
        show(language, group)
    spread = distribution([1000 * x for x in latencies], "_ms")  # the pipeline's percentiles
    timing = {
        "latency_p50_ms": round(spread["p50_ms"], 1),
        "latency_p95_ms": round(spread["p95_ms"], 1),
        "load_s": round(load_s, 2),
        "loadavg_before": load_before,
        "loadavg_after": loadavg(),
    }
    print(
        f"latency per item: p50 {timing['latency_p50_ms']:.1f} ms, "
        f"p95 {timing['latency_p95_ms']:.1f} ms; load {load_s:.2f} s; "
        f"loadavg {timing['loadavg_before']} -> {timing['loadavg_after']}"
    )
    validity = {
        "first_attempt_valid": sum(o == "first" for o in outcomes),
        "valid_after_retry": sum(o == "retry" for o in outcomes),
        "fallbacks": sum(o == "fallback" for o in outcomes),
        "items": len(outcomes),
    }
    print(
        "answers valid at the first attempt {first_attempt_valid}/{items}, after a retry "
        "{valid_after_retry}, fell back to rules {fallbacks}".format(**validity)
    )
    if args.json:
        summary = {
            "overrides": args.overrides,
            "files": [str(f) for f in files],
            "metrics": metrics,
            "timing": timing,
            "validity": validity,
        }
        args.json.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as out:
            for item, row in zip(descriptions, rows, strict=True):
                record = {
                    "id": item.id,
                    "text": item.text,
                    "english": structured[item.id]["english"],
                    "untranslated": structured[item.id]["untranslated"],
                    "predicted": structured[item.id]["description"],
                    "gold": item.gold.model_dump(),
                    "corrections": [c.model_dump() for c in item.corrections],
                    "slots": row.get("slots"),
                    "corrections_ok": row.get("corrections"),
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
