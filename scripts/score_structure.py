"""Score a structurer on description files straight from their reference text (no audio): the
quick loop for tuning on the dev split. The thesis tables come from the DVC pipeline instead.

    python scripts/score_structure.py structure=rules                       # dev, both languages
    python scripts/score_structure.py structure=rules --files data/descriptions/en.yaml
    python scripts/score_structure.py structure=rules --use-translation     # ru: gold English text
    python scripts/score_structure.py structure=rules --errors /tmp/errors.jsonl

Prints slot P/R/F1 overall and per slot, self-correction accuracy, count accuracy, latency
(p50/p95 per item, model load separately), by language, and the load average before and after
(timings on a shared machine mean little without it). For LLM structurers also: answers valid at
the first attempt, and items that fell back to `rules`. `--errors` writes one JSON row per item
with the prediction, the gold and the per-slot counts, for error analysis; `--json` the summary.
LLM few-shot examples are leave-one-out by construction (voice2image.structure.fewshot).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from hydra import compose, initialize_config_dir

from voice2image.config import CONF_DIR, build
from voice2image.descriptions import load_descriptions
from voice2image.evaluation.text import text_metrics
from voice2image.structure.base import Structurer

DEV = ["data/descriptions/en.yaml", "data/descriptions/ru.yaml"]


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
    parser.add_argument("--files", nargs="+", default=DEV, help="description YAML files")
    parser.add_argument("--use-translation", action="store_true", help="ru: read `translation`")
    parser.add_argument("--errors", type=Path, help="write per-item predictions and gold here")
    parser.add_argument("--json", type=Path, help="write the summary (metrics, timing) here")
    parser.add_argument("--limit", type=int, help="only the first N items of each file")
    args = parser.parse_args()

    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=args.overrides)
    structurer = build(cfg.structure, "structurer", _convert_="object")
    assert isinstance(structurer, Structurer)
    load_before = loadavg()
    started = time.perf_counter()
    structurer.load()
    load_s = time.perf_counter() - started

    descriptions = [d for path in args.files for d in load_descriptions(path)[: args.limit]]
    manifest, structured, latencies, outcomes = [], {}, [], []
    for item in descriptions:
        text = item.translation if args.use_translation and item.translation else item.text
        language = "en" if args.use_translation and item.translation else item.language
        tick = time.perf_counter()
        result = structurer.structure(text, language)
        latencies.append(time.perf_counter() - tick)
        outcomes.append(llm_outcome(result.warnings, result.method, structurer.name))
        manifest.append({"id": item.id, "language": item.language, "description_id": item.id})
        structured[item.id] = {
            "status": "ok",
            "description": result.description.model_dump(),
            "method": result.method,
        }
    metrics, rows = text_metrics(manifest, {d.id: d for d in descriptions}, structured, {})

    def show(label: str, group: dict) -> None:
        slots = group.get("slots", {})
        print(
            f"{label:>4}: items {group['items']:3d}  P {slots.get('precision', 0):.3f}  "
            f"R {slots.get('recall', 0):.3f}  F1 {slots.get('f1', 0):.3f}  "
            f"self-correction {group.get('self_correction_accuracy')}  "
            f"counts {group.get('count_accuracy')}"
        )
        for slot, s in slots.get("by_slot", {}).items():
            print(f"        {slot:<12} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")

    show("all", metrics)
    for language, group in metrics["by_language"].items():
        show(language, group)
    ms = sorted(1000 * x for x in latencies)
    timing = {
        "latency_p50_ms": round(statistics.median(ms), 1),
        "latency_p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1),
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
            "files": args.files,
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
