"""What the intervals cost and how big a run record gets, on synthetic item rows shaped like the
demo set's (descriptions x voices): seconds for the ASR metrics with all their intervals, for
one slot-F1 interval and one paired test, for the EER bootstrap, and the record's size.

    python scripts/bench_intervals.py                       # 66 descriptions x 4 voices
    python scripts/bench_intervals.py --descriptions 200 --voices 6 --json /tmp/bench.json

Timings depend on the machine and its load: the output names the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any

import numpy as np

from voice2image.evaluation.asr import asr_metrics
from voice2image.evaluation.figures import SLOT_F1, SLOTS, record_row
from voice2image.evaluation.speaker import eer_with_interval
from voice2image.results.record import build, dumps


def asr_rows(descriptions: int, voices: int, rng: np.random.Generator) -> list[dict[str, Any]]:
    rows = []
    for d in range(descriptions):
        words = int(rng.integers(8, 40))
        for v in range(voices):
            errors = int(rng.binomial(words, 0.12))
            rows.append({
                "id": f"d{d}__v{v}", "description_id": f"d{d}", "language": "en",
                "source": "synthetic", "speaker": f"v{v}", "status": "ok",
                "scored_as": "transcript", "detected_language": "en", "word_errors": errors,
                "words": words, "char_errors": 3 * errors, "chars": 5 * words,
                "latency_s": None, "rtf": None,
            })  # fmt: skip
    return rows


def text_rows(asr: list[dict[str, Any]], rng: np.random.Generator) -> list[dict[str, Any]]:
    rows = []
    for row in asr:
        triples = {}
        for slot in SLOTS:
            gold = int(rng.integers(0, 4))
            triples[slot] = [int(rng.integers(0, gold + 1)), gold, gold]
        rows.append({"id": row["id"], "description_id": row["description_id"],
                     "split": "dev", "slots": triples, "counts": [1, 1],
                     "similarity": float(rng.random())})  # fmt: skip
    return rows


def timed(function: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function()
    return result, round(time.perf_counter() - started, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--descriptions", type=int, default=66)
    parser.add_argument("--voices", type=int, default=4)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    asr = asr_rows(args.descriptions, args.voices, rng)
    text = text_rows(asr, rng)
    other = [
        {**row, "slots": {s: [0, t[1], t[2]] for s, t in row["slots"].items()}} for row in text
    ]
    speaker = [{"id": r["id"], "description_id": r["description_id"], "correct": True,
                "target": [float(rng.normal(0.8, 0.1))],
                "impostor": rng.normal(0.3, 0.15, size=5).round(4).tolist()}
               for r in asr]  # fmt: skip
    metrics, asr_s = timed(lambda: asr_metrics(asr, {}, seed=0))
    _, f1_s = timed(lambda: SLOT_F1.interval(text, 0))
    _, paired_s = timed(lambda: SLOT_F1.compare(other, text, 0))
    _, eer_s = timed(lambda: eer_with_interval(speaker, 0))
    items = {
        "asr": [record_row("asr", r) for r in asr],
        "text": [record_row("text", r) for r in text],
        "speaker": [record_row("speaker", r) for r in speaker],
    }
    size = len(dumps(build({}, {"asr": metrics}, items, "bench")).encode())
    result = {
        "items": len(asr),
        "descriptions": args.descriptions,
        "asr_metrics_with_intervals_s": asr_s,
        "slot_f1_interval_s": f1_s,
        "slot_f1_paired_test_s": paired_s,
        "eer_bootstrap_s": eer_s,
        "record_kb": round(size / 1024, 1),
        "load_avg": [round(v, 2) for v in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
