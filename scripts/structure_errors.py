"""Count a structurer's errors by kind, from the per-item rows `score_structure.py --errors`
writes. The kinds are the ones the held-out evaluation of issue 12 named, each decided by a
rule anyone can check (WordNet 3.0 through the `syntax` lexicon, no hand lists):

- `lost_subject`: a gold subject whose head noun is nowhere among the predicted subjects;
- `non_noun_subject`: a predicted subject whose head word WordNet knows, but not as a noun
  (verbs, hedges and fillers such as "want", "as");
- `colour_subject`: a predicted subject whose head word is a colour ("pale green" -> "pale");
- `split_compound`: a gold multi-word noun ("tram driver") predicted as its last word, with
  the other word(s) among the attributes or lost;
- `cyrillic_in_slot`: a predicted English slot value that still holds Cyrillic letters;
- `missed_correction`: an annotated self-correction whose kept value is not in the output or
  whose discarded value still is (the metric's own check).

    python scripts/score_structure.py structure=syntax --split dev --errors /tmp/syntax-dev.jsonl
    python scripts/structure_errors.py /tmp/rules-dev.jsonl /tmp/syntax-dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from voice2image.schema import SCALAR_SLOTS
from voice2image.structure.syntax.lexicon import Lexicon

KINDS = (
    "lost_subject",
    "non_noun_subject",
    "colour_subject",
    "split_compound",
    "cyrillic_in_slot",
    "missed_correction",
)
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def head(noun: str) -> str:
    words = noun.lower().split()
    return words[-1] if words else ""


def slot_values(description: dict[str, Any]) -> list[str]:
    values = [description.get(slot) or "" for slot in SCALAR_SLOTS]
    values += description.get("palette") or []
    values += description.get("negative") or []
    for subject in description.get("subjects") or []:
        values += [subject["noun"], *subject.get("attributes", [])]
    return [v for v in values if v]


def errors(row: dict[str, Any], lexicon: Lexicon) -> Counter[str]:
    found: Counter[str] = Counter()
    gold = [s["noun"].lower() for s in row["gold"]["subjects"]]
    predicted = [s["noun"].lower() for s in row["predicted"]["subjects"]]
    predicted_heads = {head(p) for p in predicted}
    for noun in gold:
        if head(noun) not in predicted_heads:
            found["lost_subject"] += 1
        if len(noun.split()) > 1 and noun not in predicted and head(noun) in predicted_heads:
            found["split_compound"] += 1
    for noun in predicted:
        word = head(noun)
        if not word or noun in gold:
            continue
        if lexicon.adjective(word, "colour") and not lexicon.noun_first(word) - {"colour"}:
            found["colour_subject"] += 1
        elif not lexicon.is_noun(word) and (lexicon.has_verb(word) or lexicon.has_adjective(word)):
            found["non_noun_subject"] += 1
    found["cyrillic_in_slot"] += sum(
        bool(_CYRILLIC.search(v)) for v in slot_values(row["predicted"])
    )
    found["missed_correction"] += sum(not ok for ok in row.get("corrections_ok") or [])
    return found


def count(path: Path, lexicon: Lexicon) -> list[tuple[str, int, Counter[str]]]:
    """(name, items, counts) for the file and, where it has several, for each language (the
    item id's prefix: en_001, ru_test_004)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["id"].split("_")[0], []).append(row)
    if len(groups) > 1:
        groups = {"": rows, **groups}
    results = []
    for language, members in groups.items():
        total: Counter[str] = Counter()
        for row in members:
            total += errors(row, lexicon)
        results.append((f"{path.stem} {language}".strip(), len(members), total))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="+", type=Path, help="score_structure.py --errors files")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    lexicon = Lexicon.load()
    results = [result for path in args.rows for result in count(path, lexicon)]
    if args.markdown:
        print("| errors | " + " | ".join(f"{name} ({n})" for name, n, _ in results) + " |")
        print("|---|" + "---:|" * len(results))
        for kind in KINDS:
            print(f"| {kind} | " + " | ".join(str(c[kind]) for _, _, c in results) + " |")
        return 0
    for name, items, counts in results:
        print(f"{name} ({items} items): " + ", ".join(f"{k} {counts[k]}" for k in KINDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
