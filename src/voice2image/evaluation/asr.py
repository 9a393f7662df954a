"""Speech-recognition metrics: WER and CER after normalisation (each with its 95% interval,
resampling descriptions: `evaluation.figures`), latency, real-time factor."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import jiwer
import numpy as np

from voice2image.evaluation.figures import ASR, LANGUAGE_ID, WER, ci, groups
from voice2image.evaluation.textnorm import normalize

UNDETERMINED = "und"  # ISO 639-2: the language of a recording of one's own, when not given
NEEDS_REFERENCE = (
    "WER and CER need reference transcripts: {missing} of {items} items have none (give one "
    "as name.txt beside name.m4a, or a CSV as dataset.references)"
)


def error_rates(pairs: Iterable[tuple[str, str]]) -> dict[str, float] | None:
    """Corpus-level WER and CER over (reference, hypothesis) pairs, already normalised.
    Pairs with an empty reference are skipped; None when nothing is left."""
    kept = [(ref, hyp) for ref, hyp in pairs if ref.strip()]
    if not kept:
        return None
    refs = [ref for ref, _ in kept]
    hyps = [hyp for _, hyp in kept]
    return {
        "wer": round(float(jiwer.wer(refs, hyps)), 4),
        "cer": round(float(jiwer.cer(refs, hyps)), 4),
        "n": len(kept),
    }


def distribution(values: list[float], unit: str = "") -> dict[str, float]:
    if not values:
        return {}
    array = np.asarray(values, dtype=float)
    return {
        f"mean{unit}": round(float(array.mean()), 4),
        f"p50{unit}": round(float(np.percentile(array, 50)), 4),
        f"p95{unit}": round(float(np.percentile(array, 95)), 4),
    }


def edit_counts(reference: str, hypothesis: str) -> dict[str, int]:
    """Word and character edits and reference lengths of one item: summed over items they give
    the corpus-level WER and CER (`jiwer.wer` of lists), and they are what the bootstrap and
    the report's paired tests resample."""
    words = jiwer.process_words(reference, hypothesis)
    chars = jiwer.process_characters(reference, hypothesis)
    return {
        "word_errors": words.substitutions + words.deletions + words.insertions,
        "words": words.hits + words.substitutions + words.deletions,
        "char_errors": chars.substitutions + chars.deletions + chars.insertions,
        "chars": chars.hits + chars.substitutions + chars.deletions,
    }


def score_items(
    manifest: list[dict[str, Any]], transcripts: dict[str, dict[str, Any]], task: str = "transcribe"
) -> list[dict[str, Any]]:
    """One row per manifest item: normalised reference and hypothesis, their WER and the edit
    counts behind it (`edit_counts`), and the description the item speaks (its bootstrap group).

    For `task == "translate"`, non-English items are scored against their English translation
    (row `scored_as: translation`), since that is what the engine was asked to produce.
    """
    rows = []
    for item in manifest:
        record = transcripts.get(item["id"], {"status": "failed", "error": "no transcript"})
        translated = task == "translate" and item["language"] != "en" and item.get("translation")
        reference_text = item["translation"] if translated else item.get("reference") or ""
        # A recording of one's own in an undetermined language is normalised as what was heard.
        spoken = item["language"] if item["language"] != UNDETERMINED else record.get("language")
        scored_language = "en" if translated else str(spoken or UNDETERMINED)
        row = {
            "id": item["id"],
            "language": item["language"],
            "speaker": item["speaker"],
            "source": item["source"],
            "description_id": item.get("description_id"),
            "status": record["status"],
            "error": record.get("error"),
            "scored_as": "translation" if translated else "transcript",
            "has_reference": bool(reference_text.strip()),
            "reference": normalize(reference_text, scored_language),
            "hypothesis": normalize(record.get("text", ""), scored_language),
            "detected_language": record.get("language"),
            "latency_s": record.get("latency_s"),
            "rtf": record.get("rtf"),
        }
        if record["status"] == "ok" and row["reference"]:
            row["wer"] = round(float(jiwer.wer(row["reference"], row["hypothesis"])), 4)
            row.update(edit_counts(row["reference"], row["hypothesis"]))
        rows.append(row)
    return rows


def rates(rows: list[dict[str, Any]], seed: int) -> dict[str, Any] | None:
    """Corpus-level WER and CER of the scored rows, each with its 95% interval; None when no
    row has a reference."""
    counted = [row for row in rows if WER.components(row) is not None]
    if not counted:
        return None
    result: dict[str, Any] = {}
    for name, figure in ASR.items():
        found = figure.interval(counted, seed)
        result[name] = found.value
        if found.low is not None and found.high is not None:
            result[f"{name}_ci"] = {"low": found.low, "high": found.high}
    result["n"] = len(counted)
    result["groups"] = groups(counted)
    return result


def _grouped(
    rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], str], seed: int
) -> dict[str, Any]:
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        members[key(row)].append(row)
    result = {}
    for name, group in sorted(members.items()):
        found = rates(group, seed)
        if found:
            result[name] = found
    return result


def asr_metrics(
    rows: list[dict[str, Any]], summary: dict[str, Any], seed: int = 0
) -> dict[str, Any]:
    """The metrics of `score_items` rows; `seed` (the config's) seeds every interval."""
    succeeded = [row for row in rows if row["status"] == "ok"]
    ok = [row for row in succeeded if row["scored_as"] == "transcript"]
    translated = [row for row in succeeded if row["scored_as"] == "translation"]
    everything = rates(ok, seed) or {}
    language_id = LANGUAGE_ID.interval(ok, seed)
    metrics: dict[str, Any] = {
        "items": len(rows),
        "failed": len(rows) - len(succeeded),
        "wer": everything.get("wer"),
        "wer_ci": everything.get("wer_ci"),
        "cer": everything.get("cer"),
        "cer_ci": everything.get("cer_ci"),
        "groups": everything.get("groups"),
        "by_language": _grouped(ok, lambda r: r["language"], seed),
        "by_source": _grouped(ok, lambda r: f"{r['language']}_{r['source']}", seed),
        "by_voice": _grouped(ok, lambda r: r["speaker"], seed),
        "latency": distribution([r["latency_s"] for r in ok if r["latency_s"] is not None], "_s"),
        "rtf": distribution([r["rtf"] for r in ok if r["rtf"] is not None]),
        "stage": {
            key: summary[key]
            for key in ("audio_s", "load_s", "wall_s", "wall_over_audio", "peak_rss_mb")
            if key in summary
        },
    }
    if translated:
        # WER against one reference translation: a rough adequacy measure, not BLEU.
        metrics["translation"] = _grouped(translated, lambda r: f"{r['language']}_to_en", seed)
    if language_id.value is not None:
        metrics["language_id_accuracy"] = language_id.value
        metrics["language_id_accuracy_ci"] = ci(LANGUAGE_ID, ok, seed)
    missing = [row for row in rows if not row.get("has_reference", True)]
    if missing:  # recordings of one's own: say plainly what cannot be scored, and what can
        detected: dict[str, int] = defaultdict(int)
        for row in succeeded:
            detected[str(row["detected_language"] or "unknown")] += 1
        metrics["without_reference"] = {
            "items": len(missing),
            "with_reference": len(rows) - len(missing),
            "detected_language": dict(sorted(detected.items())),
            "note": NEEDS_REFERENCE.format(missing=len(missing), items=len(rows)),
        }
    return {key: value for key, value in metrics.items() if value is not None}
