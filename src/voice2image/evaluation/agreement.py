"""Agreement between two annotators of the same texts: the second annotation scored against the
first with the structuring scorer (slot P/R/F1 with 95% intervals, per slot, self-correction
accuracy). Slot F1 is symmetric, so it needs no choice of reference; it is the ceiling that
annotation disagreement sets for any structurer scored against one annotator
(docs/structuring.md, "How far annotators agree")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from voice2image.evaluation.text import text_metrics
from voice2image.schema import Description


def paired(first: Sequence[Description], second: Sequence[Description]) -> list[str]:
    """The ids both annotations hold, in the second's order. Raises ValueError when the second
    annotates an id the first lacks, or a text that differs from the first's."""
    by_id = {d.id: d for d in first}
    ids = []
    for item in second:
        reference = by_id.get(item.id)
        if reference is None:
            raise ValueError(f"{item.id}: not among the first annotation's items")
        if reference.text != item.text:
            raise ValueError(
                f"{item.id}: the two annotations are of different texts "
                f"({reference.text[:40]!r}... vs {item.text[:40]!r}...)"
            )
        ids.append(item.id)
    return ids


def score_against(
    reference: Sequence[Description],
    predicted: dict[str, dict[str, Any]],
    seed: int = 0,
) -> dict[str, Any]:
    """Structuring metrics of `predicted` ({id: StructuredDescription as a dict}) against the
    gold of `reference`, overall and by language."""
    manifest = [{"id": d.id, "language": d.language, "description_id": d.id} for d in reference]
    structured = {
        key: {"status": "ok", "description": value, "method": "annotation"}
        for key, value in predicted.items()
    }
    metrics, _ = text_metrics(manifest, {d.id: d for d in reference}, structured, {}, seed=seed)
    return metrics


def agreement(
    first: Sequence[Description], second: Sequence[Description], seed: int = 0
) -> dict[str, Any]:
    """The second annotator's gold scored against the first's, over the items both hold."""
    ids = set(paired(first, second))
    reference = [d for d in first if d.id in ids]
    return score_against(reference, {d.id: d.gold.model_dump() for d in second}, seed)
