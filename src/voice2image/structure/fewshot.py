"""Few-shot examples for LLM structurers, drawn from the dev descriptions only.

Two rules, both seeded and both leave-one-out:

- `cover` (default): one example per phenomenon, in the order of `COVER` (a self-correction,
  a negation, several subjects, a named style or medium, then lighting and composition), each
  drawn from the shorter half of the items that show it (short examples keep the prompt and its
  cost small), in an order shuffled once with `seed`. The set is the same for every input, so
  llama.cpp reuses the prompt's cached prefix; only an input that is itself one of the examples
  gets the next candidate instead.
- `nearest`: the `shots` items whose words overlap the input's most (Jaccard over lower-case
  word sets), the nearest one last, closest to the question.

Examples come from the input's language (the English pool when that language has none).
Leave-one-out: an item whose word overlap with the input is at least `exclude_overlap` is never
shown, so scoring on dev never shows the model the item it structures, on reference text and
on ASR transcripts of it alike.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from voice2image.descriptions import load_descriptions
from voice2image.schema import Description

COVER = ("self_correction", "negation", "multi_subject", "style", "lighting", "composition")
RULES = ("cover", "nearest")
_WORD = re.compile(r"\w+", re.UNICODE)


def word_set(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


class ExamplePool:
    def __init__(
        self,
        files: Sequence[str | Path],
        shots: int = 3,
        rule: str = "cover",
        seed: int = 0,
        exclude_overlap: float = 0.5,
    ) -> None:
        if rule not in RULES:
            raise ValueError(f"few-shot rule '{rule}' is not one of {', '.join(RULES)}")
        if shots < 0:
            raise ValueError(f"shots must be >= 0, got {shots}")
        if not 0 < exclude_overlap <= 1:
            raise ValueError(f"exclude_overlap must be in (0, 1], got {exclude_overlap}")
        self.shots = shots
        self.rule = rule
        self.exclude_overlap = exclude_overlap
        self.by_language: dict[str, list[Description]] = defaultdict(list)
        for path in files:
            for item in load_descriptions(_located(path)):
                self.by_language[item.language].append(item)
        self._words = {d.id: word_set(d.text) for ds in self.by_language.values() for d in ds}
        self._ranked = {lang: _cover_order(ds, seed) for lang, ds in self.by_language.items()}

    def _pool(self, language: str | None) -> str:
        if language in self.by_language:
            return str(language)
        return "en" if "en" in self.by_language else next(iter(self.by_language), "en")

    def select(self, text: str, language: str | None) -> list[Description]:
        """The examples for one input, in prompt order."""
        if not self.shots or not self.by_language:
            return []
        lang = self._pool(language)
        words = word_set(text)
        allowed = [
            d
            for d in self.by_language[lang]
            if overlap(words, self._words[d.id]) < self.exclude_overlap
        ]
        if self.rule == "nearest":
            ranked = sorted(allowed, key=lambda d: -overlap(words, self._words[d.id]))
            return list(reversed(ranked[: self.shots]))
        ids = {d.id for d in allowed}
        chosen: list[Description] = []
        for _, candidates in self._ranked[lang]:
            pick = next((d for d in candidates if d.id in ids and d not in chosen), None)
            if pick is not None:
                chosen.append(pick)
            if len(chosen) == self.shots:
                break
        return chosen


def _located(path: str | Path) -> Path:
    # Relative paths are the caller's, as every path in the config (the stages run at the root).
    return Path(path)


def _cover_order(items: list[Description], seed: int) -> list[tuple[str, list[Description]]]:
    """For each phenomenon of COVER (then `any`, to fill up), its candidates: the items that
    show it, the shorter half first, each half in a seeded order."""
    rng = random.Random(seed)
    groups = [(p, [d for d in items if p in d.phenomena]) for p in COVER]
    groups += [("any", list(items))] * len(items)
    ranked = []
    for phenomenon, group in groups:
        by_length = sorted(group, key=lambda d: (len(d.text.split()), d.id))
        half = (len(by_length) + 1) // 2
        short, long_ = by_length[:half], by_length[half:]
        rng.shuffle(short)
        rng.shuffle(long_)
        ranked.append((phenomenon, short + long_))
    return ranked
