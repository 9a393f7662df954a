"""Measure a translator on description files that carry a reference English `translation`:
glossary coverage of the Russian content words, content-word precision/recall of its English
against the reference, and latency (p50/p95 per item, load apart, with the load average).

    python scripts/evaluate_translation.py                                  # dev ru.yaml
    python scripts/evaluate_translation.py --files tests/data/russian_selfcheck.yaml
    python scripts/evaluate_translation.py --show        # each item: Russian, ours, reference
    python scripts/evaluate_translation.py --repeat 5    # latency over five passes

Content words are what is left after dropping English function words; both sides are lower-cased
and nouns singularised, so "cats" matches "cat". Coverage counts the Russian nouns, adjectives,
verbs, adverbs and names that the translator did not leave untranslated.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from omegaconf import OmegaConf

from voice2image.config import CONF_DIR, build
from voice2image.descriptions import load_descriptions
from voice2image.structure.text import singular
from voice2image.structure.translate import Translator

DEV = ["data/descriptions/dev/ru.yaml"]
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
# English function words, auxiliaries and fillers: not content.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "no",
        "not",
        "and",
        "or",
        "but",
        "so",
        "as",
        "if",
        "then",
        "than",
        "of",
        "in",
        "on",
        "at",
        "to",
        "into",
        "onto",
        "from",
        "by",
        "with",
        "without",
        "for",
        "about",
        "over",
        "under",
        "above",
        "below",
        "behind",
        "near",
        "between",
        "among",
        "around",
        "along",
        "across",
        "through",
        "up",
        "down",
        "out",
        "off",
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "who",
        "whom",
        "which",
        "what",
        "where",
        "when",
        "how",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "there",
        "here",
        "very",
        "too",
        "also",
        "just",
        "only",
        "even",
        "please",
        "um",
        "uh",
        "er",
        "let",
        "let's",
        "want",
        "like",
        "would",
        "i'd",
        "i'm",
        "it's",
        "there's",
        "that's",
        "don't",
        "such",
        "more",
        "most",
        "much",
        "many",
        "few",
    ]
)


def content_words(text: str) -> list[str]:
    words = _WORD.findall(text.lower().replace("colour", "color"))
    return [singular(w) for w in words if w not in FUNCTION_WORDS]


def overlap(ours: list[str], reference: list[str]) -> int:
    return sum((Counter(ours) & Counter(reference)).values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", default=DEV, help="description YAML files")
    parser.add_argument(
        "--translator", default="russian_gloss", help="conf/structure/translator/<NAME>.yaml"
    )
    parser.add_argument("--repeat", type=int, default=1, help="passes for the latency figures")
    parser.add_argument("--show", action="store_true", help="print every item")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()

    conf = CONF_DIR / "structure" / "translator" / f"{args.translator}.yaml"
    if not conf.is_file():
        print(f"{conf}: no such translator config", file=sys.stderr)
        return 2
    translator = build(OmegaConf.load(conf), Translator, "translator")
    started = time.perf_counter()
    translator.load()
    load_s = time.perf_counter() - started

    items = [d for path in args.files for d in load_descriptions(path) if d.language != "en"]
    matched = ours_total = reference_total = 0
    untranslated: list[str] = []
    latencies: list[float] = []
    content_tokens = 0
    for repeat in range(max(args.repeat, 1)):
        for item in items:
            tick = time.perf_counter()
            result = translator.translate(item.text, item.language)
            latencies.append(time.perf_counter() - tick)
            if repeat:
                continue
            ours = content_words(result.text)
            reference = content_words(item.translation or "")
            matched += overlap(ours, reference)
            ours_total += len(ours)
            reference_total += len(reference)
            untranslated.extend(result.untranslated)
            content_tokens += _russian_content_tokens(translator, item.text)
            if args.show:
                print(
                    f"{item.id}\n  ru:  {item.text}\n  ours: {result.text}\n"
                    f"  ref:  {item.translation}\n  untranslated: {result.untranslated}"
                )
    precision = matched / ours_total if ours_total else 0.0
    recall = matched / reference_total if reference_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ms = sorted(1000 * x for x in latencies)
    figures = {
        "files": args.files,
        "items": len(items),
        "content_precision": round(precision, 3),
        "content_recall": round(recall, 3),
        "content_f1": round(f1, 3),
        "russian_content_tokens": content_tokens,
        "untranslated_tokens": len(untranslated),
        "coverage": round(1 - len(untranslated) / content_tokens, 3) if content_tokens else None,
        "untranslated": sorted(set(untranslated)),
        "latency_ms_p50": round(statistics.median(ms), 1) if ms else None,
        "latency_ms_p95": round(ms[int(0.95 * (len(ms) - 1))], 1) if ms else None,
        "load_s": round(load_s, 2),
        "loadavg": _loadavg(),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n")
    return 0


def _russian_content_tokens(translator: object, text: str) -> int:
    """Nouns, adjectives, verbs, adverbs and names in the text, by natasha's tags."""
    analyser = getattr(translator, "_analyser", None)
    if analyser is None:
        return 0
    content = ("NOUN", "PROPN", "ADJ", "VERB", "ADV")
    return sum(1 for t in analyser.analyse(text) if t.pos in content)


def _loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
