"""Every quality figure of the evaluate stages carries a seeded 95% interval over descriptions,
and two runs' item rows are compared pairwise on the items both scored."""

from __future__ import annotations

import pytest

from voice2image.evaluation.figures import CLIP_SCORE, IDENTIFICATION, SLOT_F1, WER, ci
from voice2image.evaluation.speaker import der_summary, identification_scores
from voice2image.evaluation.text import text_metrics
from voice2image.schema import Description, StructuredDescription, Subject

GOLD = StructuredDescription(subjects=[Subject(noun="car", attributes=["red"])], setting="street")


def inside(metrics: dict, name: str) -> bool:
    bounds = metrics[f"{name}_ci"]
    return bounds["low"] <= metrics[name] <= bounds["high"]


def test_text_figures_carry_intervals_overall_per_slot_and_per_split():
    golds, manifest, structured = {}, [], {}
    wrong = StructuredDescription(subjects=[Subject(noun="boat")], setting="street")
    for n in range(8):
        golds[f"d{n}"] = Description(id=f"d{n}", language="en", text="a red car", gold=GOLD)
        for voice in ("joe", "amy"):
            item = f"d{n}__{voice}"
            manifest.append({"id": item, "language": "en", "speaker": voice,
                             "description_id": f"d{n}", "split": "dev"})  # fmt: skip
            guess = GOLD if n % 2 else wrong
            structured[item] = {"status": "ok", "description": guess.model_dump()}
    similarity = lambda a, b: [0.25 + 0.1 * (n % 5) for n in range(len(a))]  # noqa: E731
    prompts = {row["id"]: {"status": "ok", "prompt": "a red car"} for row in manifest}
    metrics, _ = text_metrics(manifest, golds, structured, prompts, similarity, seed=7)
    slots = metrics["slots"]
    assert metrics["groups"] == 8
    assert all(inside(slots, name) for name in ("precision", "recall", "f1"))
    assert slots["f1_ci"]["high"] > slots["f1_ci"]["low"]
    assert inside(slots["by_slot"]["subjects"], "f1") and inside(metrics, "similarity")
    assert slots["by_slot"]["setting"]["f1_ci"] == {"low": 1.0, "high": 1.0}  # always right
    assert inside(metrics["by_split"]["dev"]["slots"], "f1")
    assert text_metrics(manifest, golds, structured, prompts, similarity, seed=7)[0] == metrics


def test_speaker_accuracy_eer_and_der_carry_intervals():
    rows, descriptions = [], {}
    for n in range(6):
        for voice in ("joe", "amy"):
            item = f"d{n}__{voice}"
            descriptions[item] = f"d{n}"
            right = n != 0 or voice != "amy"  # one miss
            scores = {"joe": 0.9 if voice == "joe" else 0.2, "amy": 0.8 if voice == "amy" else 0.3}
            rows.append({"id": item, "status": "ok", "true_speaker": voice, "scores": scores,
                         "speaker": voice if right else "joe", "score": 0.9})  # fmt: skip
    sources = dict.fromkeys(descriptions, "synthetic")
    metrics, items, _ = identification_scores(
        rows, sources, {"joe", "amy"}, set(), descriptions, seed=1
    )
    assert metrics["accuracy"] == pytest.approx(11 / 12, abs=1e-4) and inside(metrics, "accuracy")
    assert metrics["eer"] == 0.0 and metrics["bundled"]["n"] == 12
    assert {item["description_id"] for item in items} == {f"d{n}" for n in range(6)}
    assert IDENTIFICATION.interval(items, 1).groups == 6
    files = {f"mix{n}": {"estimated": {"der": 0.1 * n, "ier": 0.0}, "oracle": {"der": 0.0}}
             for n in range(1, 5)}  # fmt: skip
    summary = der_summary(files, seed=1)
    assert summary["der_mixes"] == pytest.approx(0.25) and inside(summary, "der_mixes")


def test_paired_comparison_uses_only_the_items_both_runs_scored():
    def asr(item: str, errors: int, group: str) -> dict:
        return {"id": item, "description_id": group, "status": "ok", "word_errors": errors,
                "words": 10}  # fmt: skip

    baseline = [asr(f"d{n}__v", 5, f"d{n}") for n in range(10)]
    better = [asr(f"d{n}__v", 1, f"d{n}") for n in range(10)] + [asr("extra", 10, "x")]
    found = WER.compare(better, baseline, seed=0)
    assert found.difference == pytest.approx(-0.4) and found.groups == 10
    assert found.significant and found.high < 0
    same = WER.compare(baseline, baseline, seed=0)
    assert same.difference == 0 and not same.significant and same.p_value == 1.0
    text = [{"id": "a", "slots": [[1, 1, 1]]}, {"id": "b", "slots": [[0, 1, 1]]}]
    assert SLOT_F1.interval(text, 0).value == 0.5
    assert ci(CLIP_SCORE, [{"id": "a", "status": "ok"}], 0) is None  # nothing scored
