"""Would the English words dev annotators prefer help, learned from other authors? K folds.

The Russian path renders each word with the glossary's English ("seagull", "above",
"inscription") where dev annotators often write another word ("gull", "over", "lettering").
This experiment learns a table of such substitutions from the dev authors' items and asks
whether it helps authors it has not seen, before anyone builds it into the translator.
`scripts/glossary_usage.py` proposes glossary changes by Russian lemma for a person to try on
all dev; this asks what a table learned without a person is worth for unseen authors.

Input: the per-item rows `scripts/score_structure.py --errors` writes for every dev item of one
language (each row's predicted and gold descriptions and its corrections). Authors are the
files' id prefixes (`ru_extra12_001` -> `ru_extra12`), held out in `--folds` groups. On the
training authors every (predicted word, missing gold word) pair said in at least `--min-gain`
items is a candidate; a candidate is tried on every training item whose prediction has the
word, and kept when it gains at least `--min-gain` matched units plus self-corrections kept, in
items of at least `--min-authors` authors (for each predicted word, the best). The held-out
authors' items are then scored with and without the table. Figures: slot F1 and
self-correction accuracy before and after, and the F1 difference paired over items
(`evaluation.stats.compare`: 95% bootstrap interval, randomization p). Test is never read.

    python scripts/score_structure.py structure=syntax structure.arbiter=null \\
        --files data/descriptions/dev/ru*.yaml --errors /tmp/ru.jsonl
    python scripts/word_choice_cv.py /tmp/ru.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

from voice2image.evaluation.figures import SLOTS
from voice2image.evaluation.stats import F1, compare
from voice2image.evaluation.text import (
    correction_outcomes,
    description_pieces,
    pooled_units,
    prf,
    slot_counts,
    words,
)
from voice2image.schema import Correction, StructuredDescription, Subject

Table = dict[str, str]
Totals = tuple[int, int, int, int, int]  # matched, predicted, gold units; corrections kept, all


def substituted(description: StructuredDescription, table: Table) -> StructuredDescription:
    """Every word of every unit replaced by its table entry."""

    def swap(text: str) -> str:
        return re.sub(r"[A-Za-z]+", lambda m: table.get(m.group(0).lower(), m.group(0)), text)

    values = {
        slot: swap(value) if isinstance(value, str) else [swap(v) for v in value]
        for slot in SLOTS[2:]
        if (value := getattr(description, slot))
    }
    subjects = [
        Subject(noun=swap(s.noun), count=s.count, attributes=[swap(a) for a in s.attributes])
        for s in description.subjects
    ]
    return description.model_copy(update={**values, "subjects": subjects})


class Item:
    def __init__(self, row: dict) -> None:
        self.id = row["id"]
        self.author = self.id.rsplit("_", 1)[0]
        self.said = StructuredDescription.model_validate(row["predicted"])
        self.gold = StructuredDescription.model_validate(row["gold"])
        self.corrections = [Correction.model_validate(c) for c in row.get("corrections") or []]
        self.said_words = {w for _, text, _ in pooled_units(self.said) for w in words(text)}
        self.gold_words = {w for _, text, _ in pooled_units(self.gold) for w in words(text)}
        self.plain = self.totals({})

    def totals(self, table: Table) -> Totals:
        said = substituted(self.said, table) if table else self.said
        counts = slot_counts(said, self.gold).values()
        kept = correction_outcomes(description_pieces(said), self.corrections)
        matched, predicted, gold = (sum(c[k] for c in counts) for k in range(3))
        return matched, predicted, gold, sum(kept), len(kept)


def learn(items: list[Item], min_gain: int, min_authors: int) -> Table:
    pairs: Counter[tuple[str, str]] = Counter()
    having: defaultdict[str, list[Item]] = defaultdict(list)
    for item in items:
        wrong, missing = item.said_words - item.gold_words, item.gold_words - item.said_words
        pairs.update((a, b) for a in wrong for b in missing)
        for word in item.said_words:
            having[word].append(item)
    best: dict[str, tuple[int, str]] = {}
    for (said, wanted), seen in pairs.items():
        if seen < min_gain:
            continue
        gain, authors = 0, set()
        for item in having[said]:
            after = item.totals({said: wanted})
            change = after[0] - item.plain[0] + after[3] - item.plain[3]
            if change:
                authors.add(item.author)
            gain += change
        if gain >= min_gain and len(authors) >= min_authors and gain > best.get(said, (0, ""))[0]:
            best[said] = (gain, wanted)
    return {said: wanted for said, (_, wanted) in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("errors", type=Path, help="score_structure.py --errors rows (one language)")
    parser.add_argument("--folds", type=int, default=7)
    parser.add_argument("--min-gain", type=int, default=3)
    parser.add_argument("--min-authors", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.errors.read_text(encoding="utf-8").splitlines()]
    items = [Item(row) for row in rows if row.get("predicted") and row.get("gold")]
    authors = sorted({item.author for item in items})
    random.Random(args.seed).shuffle(authors)
    before: list[Totals] = []
    after: list[Totals] = []
    ids: list[str] = []
    for fold in range(args.folds):
        held = set(authors[fold :: args.folds])
        table = learn([i for i in items if i.author not in held], args.min_gain, args.min_authors)
        shown = ", ".join(f"{a}->{b}" for a, b in sorted(table.items())[:12])
        print(
            f"fold {fold}: {len(held)} authors held out, {len(table)} substitutions ({shown}, ...)"
        )
        for item in (i for i in items if i.author in held):
            before.append(item.plain)
            after.append(item.totals(table))
            ids.append(item.id)
    before_f1, after_f1 = (
        prf(*(sum(t[k] for t in x) for k in range(3)))["f1"] for x in (before, after)
    )
    change = compare(after, before, ids, F1(), args.seed)
    kept = [
        sum(t[3] for t in totals) / max(sum(t[4] for t in totals), 1) for totals in (before, after)
    ]
    print(f"{len(items)} items of {len(authors)} authors, {args.folds} folds of authors")
    print(
        f"slot F1 {before_f1:.4f} -> {after_f1:.4f}: {change.difference:+.4f} "
        f"[{change.low:+.4f}, {change.high:+.4f}], p = {change.p_value}"
    )
    print(f"self-corrections kept {kept[0]:.3f} -> {kept[1]:.3f}")


if __name__ == "__main__":
    main()
