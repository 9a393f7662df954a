"""Which English the dev annotators write for a Russian word, where it differs from the glossary's.

The slot scores match words, so a right translation in another word ("text" where the
annotators wrote "inscription") scores as a miss. This reads a `score_structure.py --errors`
file of Russian dev items and, for every glossary lemma said in at least `--min-items` items,
counts the items whose gold has the glossary's English and the items whose gold has some other
English word that the prediction lacks. A proposal is printed where that other word is at least
`--ratio` times as common as the glossary's, comes from `--min-authors` or more authors (an
author is a dev file), and is rarer in the rest of the gold by `--lift` (so "little", "like" and
"my", which are everywhere, are not proposed).

It proposes and never edits: each proposal is a glossary change to try on all Russian dev, and
to keep only where dev gains (docs/structuring.md, "Thirty-fourth round"). Run it on dev only.

    python scripts/score_structure.py structure=syntax structure.arbiter=null \\
        --files data/descriptions/dev/ru*.yaml --errors ru_dev.jsonl
    python scripts/glossary_usage.py ru_dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from voice2image.evaluation.text import units, words
from voice2image.schema import SCALAR_SLOTS, StructuredDescription

_CYRILLIC_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*")


@dataclass(frozen=True)
class Item:
    author: str
    lemmas: frozenset[str]
    predicted: frozenset[str]
    gold: frozenset[str]


@dataclass(frozen=True)
class Proposal:
    lemma: str
    glossary: str
    proposed: str
    items: int
    gold_glossary: int
    gold_proposed: int
    authors: int


def description_words(description: StructuredDescription) -> frozenset[str]:
    found: set[str] = set()
    for subject in description.subjects:
        found.update(words(subject.noun))
        for attribute in subject.attributes:
            found.update(words(attribute))
    for slot in (*SCALAR_SLOTS, "palette", "negative"):
        for unit in units(description, slot):
            found.update(words(unit))
    return frozenset(found)


def proposals(
    items: list[Item],
    english_of: Callable[[str], str | None],
    min_items: int = 5,
    ratio: float = 2.0,
    min_authors: int = 5,
    lift: float = 5.0,
) -> list[Proposal]:
    """Glossary lemmas whose dev gold prefers another single English word (see the module doc)."""
    by_lemma: dict[str, list[Item]] = defaultdict(list)
    everywhere: Counter[str] = Counter()
    for item in items:
        everywhere.update(item.gold)
        for lemma in item.lemmas:
            by_lemma[lemma].append(item)
    found: list[Proposal] = []
    for lemma, said in sorted(by_lemma.items()):
        english = english_of(lemma)
        if len(said) < min_items or english is None or len(words(english)) != 1:
            continue
        old = words(english)[0]
        gold_old = sum(old in item.gold for item in said)
        other: Counter[str] = Counter()
        authors: dict[str, set[str]] = defaultdict(set)
        for item in said:
            if old in item.predicted and old not in item.gold:
                for word in item.gold - item.predicted:
                    other[word] += 1
                    authors[word].add(item.author)
        for word, count in other.most_common():
            base_rate = (everywhere[word] - count) / max(1, len(items) - len(said))
            if count < max(min_items, ratio * gold_old):
                break
            if len(authors[word]) >= min_authors and count / len(said) >= lift * base_rate:
                found.append(
                    Proposal(lemma, english, word, len(said), gold_old, count, len(authors[word]))
                )
                break
    return sorted(found, key=lambda p: -p.gold_proposed)


def read_items(path: Path, lemmatise: Callable[[str], str]) -> list[Item]:
    items: list[Item] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            predicted = StructuredDescription.model_validate(row["predicted"])
            gold = StructuredDescription.model_validate(row["gold"])
            identifier, text = str(row["id"]), str(row["text"])
        except (ValueError, KeyError, TypeError) as error:
            raise SystemExit(
                f"{path}:{number}: not a score_structure.py error row ({error})"
            ) from None
        if not identifier.startswith("ru"):
            continue
        lemmas = frozenset(lemmatise(w) for w in _CYRILLIC_WORD.findall(text.lower()))
        author = identifier.rsplit("_", 1)[0] if "_extra" in identifier else "ru"
        items.append(Item(author, lemmas, description_words(predicted), description_words(gold)))
    return items


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("errors", type=Path, help="a score_structure.py --errors JSONL (dev)")
    parser.add_argument("--min-items", type=int, default=5)
    parser.add_argument("--ratio", type=float, default=2.0)
    parser.add_argument("--min-authors", type=int, default=5)
    parser.add_argument("--lift", type=float, default=5.0)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.errors.is_file():
        raise SystemExit(f"{args.errors}: no such file")

    from voice2image.structure.russian.translator import RussianGlossTranslator

    translator = RussianGlossTranslator()
    analyser = translator._analyser

    def lemmatise(word: str) -> str:
        parses = analyser.parses(word)
        return (parses[0][0] if parses else word).replace("ё", "е")

    def english_of(lemma: str) -> str | None:
        entry = translator.glossary.word(lemma)
        return entry.english if entry else None

    items = read_items(args.errors, lemmatise)
    print(f"{len(items)} Russian items, {len({i.author for i in items})} authors")
    for p in proposals(items, english_of, args.min_items, args.ratio, args.min_authors, args.lift):
        print(
            f"{p.lemma}\t{p.glossary} -> {p.proposed}\titems {p.items}\t"
            f"gold '{p.glossary}' {p.gold_glossary}, '{p.proposed}' {p.gold_proposed} "
            f"({p.authors} authors)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
