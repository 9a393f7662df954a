"""Every quality figure as a function of per-item rows: what each item contributes (its
components) and how the summed components give the figure (its statistic).

One definition serves both ends: the `evaluate_*` stages put a 95% interval next to each figure
in `metrics/*.json`, and the report runs paired tests between two runs' item rows (kept in
their run records). An item belongs to the group of the description it speaks
(`description_id`): several voices speak one description, so they are resampled together; a
real recording or a mix is a group of its own (`group_of`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from voice2image.evaluation.stats import (
    F1,
    MEAN,
    Comparison,
    Interval,
    Ratio,
    Statistic,
    compare,
    interval,
)

ItemRow = Mapping[str, Any]
Components = Callable[[ItemRow], Sequence[float] | None]

# The slots a text row scores, in the order a run record lists them (`record_row`).
SLOTS = (
    "subjects", "attributes", "action", "setting", "style", "medium", "composition", "lighting",
    "palette", "mood", "negative",
)  # fmt: skip


def group_of(row: ItemRow) -> str:
    """The resampling unit of an item: its description, else the item itself."""
    return str(row.get("description_id") or row["id"])


@dataclass(frozen=True)
class Figure:
    """A figure over item rows: `components(row)` (None: the row does not count) summed over
    the rows, then `statistic` of the sums."""

    components: Components
    statistic: Statistic

    def counted(
        self, rows: Iterable[ItemRow]
    ) -> tuple[list[Sequence[float]], list[str], list[str]]:
        """The components, groups and ids of the rows that count."""
        parts: list[Sequence[float]] = []
        groups: list[str] = []
        ids: list[str] = []
        for row in rows:
            part = self.components(row)
            if part is not None:
                parts.append(part)
                groups.append(group_of(row))
                ids.append(str(row["id"]))
        return parts, groups, ids

    def interval(self, rows: Iterable[ItemRow], seed: int) -> Interval:
        parts, groups, _ = self.counted(rows)
        return interval(parts, groups, self.statistic, seed)

    def compare(
        self, rows: Iterable[ItemRow], baseline: Iterable[ItemRow], seed: int
    ) -> Comparison:
        """This figure of `rows` against `baseline`, paired on the items both count."""
        mine = {i: (p, g) for p, g, i in zip(*self.counted(rows), strict=True)}
        theirs = {i: p for p, _, i in zip(*self.counted(baseline), strict=True)}
        shared = sorted(set(mine) & set(theirs))
        return compare(
            [mine[i][0] for i in shared],
            [theirs[i] for i in shared],
            [mine[i][1] for i in shared],
            self.statistic,
            seed,
        )


def ci(figure: Figure, rows: Iterable[ItemRow], seed: int) -> dict[str, float | None] | None:
    """`{"low", "high"}` of the figure's 95% interval (None when no row counts)."""
    found = figure.interval(rows, seed)
    if found.low is None or found.high is None:
        return None
    return {"low": found.low, "high": found.high}


def add_intervals(
    metrics: Mapping[str, Any], figures: Mapping[str, Figure], rows: Sequence[ItemRow], seed: int
) -> dict[str, Any]:
    """`metrics` with `<name>_ci` right after every `<name>` that `figures` defines (the
    value stays the one `metrics` has)."""
    out: dict[str, Any] = {}
    for name, value in metrics.items():
        out[name] = value
        if name in figures and value is not None:
            found = ci(figures[name], rows, seed)
            if found is not None:
                out[f"{name}_ci"] = found
    return out


def groups(rows: Iterable[ItemRow]) -> int:
    return len({group_of(row) for row in rows})


# --- ASR: rows of metrics/asr_items.jsonl --------------------------------------------------


def _asr_counts(errors: str, size: str) -> Components:
    def components(row: ItemRow) -> Sequence[float] | None:
        if row.get("status") != "ok" or row.get(size) in (None, 0):
            return None
        return [float(row[errors]), float(row[size])]

    return components


def _language_id(row: ItemRow) -> Sequence[float] | None:
    if row.get("status") != "ok" or row.get("source") != "synthetic":
        return None
    if not row.get("detected_language") or row.get("scored_as") != "transcript":
        return None
    return [float(row["detected_language"] == row["language"]), 1.0]


WER = Figure(_asr_counts("word_errors", "words"), Ratio(0, 1))
CER = Figure(_asr_counts("char_errors", "chars"), Ratio(0, 1))
LANGUAGE_ID = Figure(_language_id, MEAN)
ASR = {"wer": WER, "cer": CER}


# --- Text: rows of metrics/text_items.jsonl ------------------------------------------------


def slot_triples(row: ItemRow) -> dict[str, Sequence[int]]:
    """A text row's [matched, predicted, gold] per slot, from its item file (a dict) or its run
    record (a list in `SLOTS` order)."""
    slots = row.get("slots")
    if isinstance(slots, list):
        return dict(zip(SLOTS, slots, strict=False))
    return dict(slots or {})


def _slot_sums(slot: str | None) -> Components:
    def components(row: ItemRow) -> Sequence[float] | None:
        if "slots" not in row:
            return None
        triples = slot_triples(row)
        chosen = [triples.get(slot, (0, 0, 0))] if slot else list(triples.values())
        return [float(sum(t[i] for t in chosen)) for i in range(3)]

    return components


def slot_figures(slot: str | None = None) -> dict[str, Figure]:
    """Precision, recall and F1 of one slot's units, or of all slots' units (None)."""
    sums = _slot_sums(slot)
    return {
        "precision": Figure(sums, Ratio(0, 1)),
        "recall": Figure(sums, Ratio(0, 2)),
        "f1": Figure(sums, F1()),
    }


def _outcomes(key: str) -> Components:
    def components(row: ItemRow) -> Sequence[float] | None:
        if "slots" not in row or not row.get(key):
            return None
        return [float(sum(row[key])), float(len(row[key]))]

    return components


def _counts(row: ItemRow) -> Sequence[float] | None:
    if "slots" not in row or not row.get("counts") or not row["counts"][1]:
        return None
    return [float(row["counts"][0]), float(row["counts"][1])]


def _mean_of(key: str) -> Components:
    def components(row: ItemRow) -> Sequence[float] | None:
        value = row.get(key)
        return None if value is None else [float(value), 1.0]

    return components


SLOT_F1 = slot_figures()["f1"]
SIMILARITY = Figure(_mean_of("similarity"), MEAN)
TEXT = {
    "count_accuracy": Figure(_counts, Ratio(0, 1)),
    "self_correction_accuracy": Figure(_outcomes("corrections"), Ratio(0, 1)),
    "self_correction_accuracy_prompt": Figure(_outcomes("corrections_prompt"), Ratio(0, 1)),
    "similarity": SIMILARITY,
}

# --- Images and speakers -------------------------------------------------------------------

CLIP_SCORE = Figure(_mean_of("clip_score"), MEAN)


def _identification(row: ItemRow) -> Sequence[float] | None:
    return None if row.get("correct") is None else [float(bool(row["correct"])), 1.0]


IDENTIFICATION = Figure(_identification, MEAN)
DER = Figure(_mean_of("der"), MEAN)

# What a run record keeps of each step's item rows: what the figures above read, and the
# breakdown keys (language, split, source, voice).
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "asr": (
        "id", "description_id", "language", "source", "speaker", "status", "scored_as",
        "detected_language", "word_errors", "words", "char_errors", "chars",
    ),
    "text": (
        "id", "description_id", "language", "split", "speaker", "slots", "counts",
        "corrections", "corrections_prompt", "similarity",
    ),
    "image": ("id", "description_id", "status", "clip_score"),
    "speaker": ("id", "description_id", "source", "correct", "target", "impostor", "der"),
}  # fmt: skip


def record_row(step: str, row: ItemRow) -> dict[str, Any]:
    """The compact form of an item row kept in a run record: its `RECORD_FIELDS`, null
    fields left out, a text row's slots as a list in `SLOTS` order."""
    kept = {key: row[key] for key in RECORD_FIELDS[step] if row.get(key) is not None}
    if step == "text" and isinstance(kept.get("slots"), dict):
        triples = kept["slots"]
        kept["slots"] = [list(triples.get(slot, (0, 0, 0))) for slot in SLOTS]
    return kept


# Figures the report can compare between two runs, by name: (step, figure).
PAIRED: dict[str, tuple[str, Figure]] = {
    "wer": ("asr", WER),
    "cer": ("asr", CER),
    "slot_f1": ("text", SLOT_F1),
    "self_correction_accuracy": ("text", TEXT["self_correction_accuracy"]),
    "similarity": ("text", SIMILARITY),
    "clip_score": ("image", CLIP_SCORE),
    "identification_accuracy": ("speaker", IDENTIFICATION),
}
