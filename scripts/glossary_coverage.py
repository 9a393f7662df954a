"""How much of general Russian the translator can put into English, measured on a word-frequency
list rather than on any description: a description may name anything, and the dev items only
show the words their authors happened to use.

Each word form of the list is lemmatised by pymorphy2 (its first analysis, out of context, as
the translator's fallback does); content words (nouns, adjectives, participles, verbs, adverbs)
count as covered when the glossary has the lemma, or word formation or loanword spelling finds
English for it. Proper names, abbreviations and closed-class words are left out. Coverage is
reported by lemma (types) and weighted by the list's frequencies (tokens), per part of speech.

The word list is a TSV: a word form, then optionally its frequency, most frequent first. One way
to make it (wordfreq is not a project dependency; its data is CC BY-SA 4.0):

    pip install wordfreq
    python -c "import wordfreq; print(''.join(f'{w}\\t{wordfreq.word_frequency(w, \\"ru\\")}\\n'
               for w in wordfreq.top_n_list('ru', 60000)), end='')" > ru_freq.tsv
    python scripts/glossary_coverage.py ru_freq.tsv --top 20000 --missing missing.tsv
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from voice2image.structure.russian import closed
from voice2image.structure.russian.translator import RussianGlossTranslator

# pymorphy2's parts of speech -> the glossary's
_POS = {
    "NOUN": "NOUN",
    "ADJF": "ADJ",
    "ADJS": "ADJ",
    "COMP": "ADJ",
    "PRTF": "ADJ",
    "PRTS": "ADJ",
    "VERB": "VERB",
    "INFN": "VERB",
    "GRND": "VERB",
    "ADVB": "ADV",
}
_SKIPPED_GRAMMEMES = {
    "Name",
    "Surn",
    "Patr",
    "Abbr",
    "Orgn",
    "Trad",
    "Init",
    "Erro",
    "Apro",
    "Anum",
}


def read_words(path: Path, top: int) -> list[tuple[str, float]]:
    words: list[tuple[str, float]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        try:
            frequency = float(fields[1]) if len(fields) > 1 else 1.0
        except ValueError:
            raise SystemExit(f"{path}:{number}: the second column is not a number") from None
        words.append((fields[0].strip().lower(), frequency))
        if len(words) >= top:
            break
    return words


def coverage(
    translator: RussianGlossTranslator, words: list[tuple[str, float]]
) -> tuple[dict[str, object], list[tuple[str, str, float, list[str]]]]:
    analyser = translator._analyser
    lemmas: dict[tuple[str, str], float] = defaultdict(float)
    forms: dict[tuple[str, str], list[str]] = defaultdict(list)
    for word, frequency in words:
        if not word.isalpha() or not all("а" <= c <= "я" or c == "ё" for c in word):
            continue
        parses = analyser.parses(word)
        if not parses:
            continue
        lemma, tag = parses[0]
        grammemes = set(tag.replace(" ", ",").split(","))
        pos = _POS.get(tag.split(",")[0].split(" ")[0])
        if pos is None or grammemes & _SKIPPED_GRAMMEMES:
            continue
        if pos == "ADJ" and ("PRTF" in grammemes or "PRTS" in grammemes):
            pos = "VERB"  # pymorphy2 gives participles their verb's infinitive
        lemmas[(lemma, pos)] += frequency
        if len(forms[(lemma, pos)]) < 3:
            forms[(lemma, pos)].append(word)
    glossary = translator.glossary
    closed_words = {
        word
        for table in (
            closed.CARDINALS,
            closed.CONJUNCTIONS,
            closed.DETERMINERS,
            closed.ORDINALS,
            closed.PARTICLES,
            closed.POSSESSIVES,
            closed.PRONOUNS,
            closed.QUANTIFIERS,
        )
        for word in table
    } | closed.FILLER_WORDS
    per_pos: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    missing: list[tuple[str, str, float, list[str]]] = []
    for (lemma, pos), frequency in lemmas.items():
        found = (
            lemma in glossary
            or lemma in closed_words
            or bool(translator.fallbacks.english(lemma, pos))
        )
        stats = per_pos[pos]
        stats["types"] += 1
        stats["tokens"] += frequency
        if found:
            stats["types_covered"] += 1
            stats["tokens_covered"] += frequency
        else:
            missing.append((lemma, pos, frequency, forms[(lemma, pos)]))
    missing.sort(key=lambda row: -row[2])
    report: dict[str, object] = {"word_forms": len(words), "lemmas": len(lemmas)}
    totals: dict[str, float] = defaultdict(float)
    for pos, stats in sorted(per_pos.items()):
        for key, value in stats.items():
            totals[key] += value
        report[pos] = _summary(stats)
    report["all"] = _summary(totals)
    return report, missing


def _summary(stats: dict[str, float]) -> dict[str, float]:
    return {
        "lemmas": int(stats["types"]),
        "lemma_coverage": round(stats["types_covered"] / stats["types"], 3),
        "token_coverage": round(stats["tokens_covered"] / stats["tokens"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("words", type=Path, help="TSV: word form [TAB frequency], frequent first")
    parser.add_argument("--top", type=int, default=20000, help="read the first N word forms")
    parser.add_argument("--glossary", help="a glossary TSV (default: the bundled one)")
    parser.add_argument("--missing", type=Path, help="write the uncovered lemmas here (TSV)")
    args = parser.parse_args()
    if not args.words.is_file():
        raise SystemExit(f"{args.words}: no such word list")
    translator = RussianGlossTranslator(glossary=args.glossary)
    translator.load()
    report, missing = coverage(translator, read_words(args.words, args.top))
    json.dump(report, sys.stdout, indent=2)
    print()
    if args.missing:
        rows = [f"{lemma}\t{pos}\t{freq:.3e}\t{','.join(f)}" for lemma, pos, freq, f in missing]
        args.missing.write_text("lemma\tpos\tfrequency\tforms\n" + "\n".join(rows) + "\n")
        print(f"{len(missing)} uncovered lemmas -> {args.missing}", file=sys.stderr)


if __name__ == "__main__":
    main()
