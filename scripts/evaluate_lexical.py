"""Measure the Russian translator's fallbacks for words the glossary lacks, on the glossary itself
(its entries have known English, and none of this reads the dev items):

- derivation (diminutives, relational adjectives, adverbs): each glossary word is removed in turn
  and derived from the rest; counted when it finds something, right when the English agrees;
- loanword spelling (WordNet keys): every glossary noun/adjective of 7+ letters;
- the English-Russian dictionary read backwards (Debian mueller7-dict): every glossary noun,
  adjective and adverb looked up alone; and, with --chain N, N of them (seeded sample) removed
  from the glossary in turn and sent through the translator's whole fallback chain, with and
  without the dictionary: how many words a description's unknown word would get right;
- with --llm N: N glossary words (seeded sample) asked of the few-shot LLM, accuracy and latency.

    python scripts/evaluate_lexical.py
    python scripts/evaluate_lexical.py --llm 120 --json /tmp/lexical.json
    python scripts/evaluate_lexical.py --chain 2500

"Agrees" is lenient: equal, or one English contains the other, or the same last word.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from tqdm import tqdm

from voice2image.structure.russian.dictionary import MUELLER_PATH, InvertedDictionary
from voice2image.structure.russian.glossary import Entry, Glossary
from voice2image.structure.russian.lexical import Derivation, LoanwordMatcher
from voice2image.structure.russian.llm_gloss import PACKAGED_GEMMA, SHOTS, LLMGlossary
from voice2image.structure.russian.translator import Fallbacks


def agrees(found: str, english: str) -> bool:
    found, english = found.lower(), english.lower()
    return (
        found == english
        or found in english.split()
        or english in found
        or found.split()[-1:] == english.split()[-1:]
        or english.startswith(found)  # "bright" for "brightly"
    )


def single_words(glossary: Glossary) -> list[Entry]:
    return [e for e in glossary.entries if e.pos != "PHRASE" and " " not in e.russian]


def tally(row: dict[str, int], found: str | None, english: str) -> None:
    """One word looked up: whether anything was found, and whether it agrees."""
    row["words"] += 1
    if found:
        row["found"] += 1
        row["right"] += agrees(found, english)


def new_row() -> dict[str, int]:
    return {"words": 0, "found": 0, "right": 0}


def derivation_figures(glossary: Glossary) -> dict[str, dict[str, int]]:
    figures: dict[str, dict[str, int]] = defaultdict(new_row)
    for entry in single_words(glossary):
        rest = Glossary([e for e in glossary.entries if e.russian != entry.russian])
        tally(figures[entry.pos], Derivation(rest).english(entry.russian, entry.pos), entry.english)
    return dict(figures)


def loanword_figures(glossary: Glossary, wordnet: str) -> dict[str, object]:
    matcher = LoanwordMatcher(wordnet)
    matcher.load()
    words = [e for e in single_words(glossary) if e.pos in ("NOUN", "ADJ")]
    found = right = 0
    wrong: list[str] = []
    for entry in words:
        guess = matcher.english(entry.russian)
        if guess:
            found += 1
            if agrees(guess, entry.english):
                right += 1
            else:
                wrong.append(f"{entry.russian}->{guess} ({entry.english})")
    return {"words": len(words), "found": found, "right": right, "wrong_examples": wrong[:15]}


def dictionary_figures(dictionary: InvertedDictionary, glossary: Glossary) -> dict[str, object]:
    figures: dict[str, dict[str, int]] = defaultdict(new_row)
    for entry in single_words(glossary):
        if entry.pos in ("NOUN", "ADJ", "ADV"):
            found = dictionary.english(entry.russian, entry.pos)
            tally(figures[entry.pos], found, entry.english)
    return dict(figures)


def chain_figures(
    glossary: Glossary,
    dictionary: InvertedDictionary,
    loanwords: LoanwordMatcher,
    count: int,
    seed: int,
) -> dict[str, object]:
    """Each sampled word left out of the glossary and sent through the fallback chain, as an
    unknown word of a description would be: without the dictionary, and with it."""
    pool = [e for e in single_words(glossary) if e.pos in ("NOUN", "ADJ", "ADV")]
    random.Random(seed).shuffle(pool)
    figures: dict[str, dict[str, dict[str, int]]] = {"without": {}, "with": {}}
    for entry in tqdm(pool[:count], desc="fallback chain", unit="word"):
        rest = Glossary([e for e in glossary.entries if e.russian != entry.russian])
        derivation = Derivation(rest)
        for name, used in (("without", None), ("with", dictionary)):
            chain = Fallbacks(derivation=derivation, dictionary=used, loanwords=loanwords)
            found = chain.english(entry.russian, entry.pos)
            tally(figures[name].setdefault(entry.pos, new_row()), found, entry.english)
    return {"sample": min(count, len(pool)), "seed": seed, **figures}


def llm_figures(glossary: Glossary, count: int, seed: int, model: str) -> dict[str, object]:
    shots = {ru for ru, _ in SHOTS}
    pool = [
        e
        for e in single_words(glossary)
        if e.pos in ("NOUN", "ADJ", "VERB") and e.russian not in shots
    ]
    random.Random(seed).shuffle(pool)
    sample = pool[:count]
    with tempfile.TemporaryDirectory() as scratch:
        llm = LLMGlossary(model, cache=str(Path(scratch) / "cache.json"))
        started = time.perf_counter()
        llm.load()
        load_s = time.perf_counter() - started
        right, latencies, examples = 0, [], []
        for entry in sample:
            tick = time.perf_counter()
            guess = llm.english(entry.russian, entry.pos) or ""
            latencies.append(1000 * (time.perf_counter() - tick))
            ok = bool(guess) and agrees(guess, entry.english)
            right += ok
            if not ok and len(examples) < 15:
                examples.append(f"{entry.russian}->{guess or '-'} ({entry.english})")
    latencies.sort()
    return {
        "model": model,
        "words": len(sample),
        "right": right,
        "latency_ms_p50": round(statistics.median(latencies), 1),
        "latency_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "load_s": round(load_s, 2),
        "wrong_examples": examples,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", default="/usr/share/wordnet")
    parser.add_argument("--dictionary", default=str(MUELLER_PATH))
    parser.add_argument("--chain", type=int, default=0, help="words through the chain (0: skip)")
    parser.add_argument("--llm", type=int, default=0, help="words to ask the LLM (0: skip)")
    parser.add_argument("--llm-model", default=PACKAGED_GEMMA)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    glossary = Glossary.load()
    figures: dict[str, object] = {
        "glossary_entries": len(glossary),
        "derivation": derivation_figures(glossary),
        "loanwords": loanword_figures(glossary, args.wordnet),
    }
    dictionary = InvertedDictionary(args.dictionary, args.wordnet)
    dictionary.load()
    figures["dictionary"] = dictionary_figures(dictionary, glossary)
    if args.chain:
        loanwords = LoanwordMatcher(args.wordnet)
        loanwords.load()
        figures["chain"] = chain_figures(glossary, dictionary, loanwords, args.chain, args.seed)
    if args.llm:
        figures["llm"] = llm_figures(glossary, args.llm, args.seed, args.llm_model)
    figures["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
    text = json.dumps(figures, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
