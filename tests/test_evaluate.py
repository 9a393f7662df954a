"""WER/CER after normalisation, breakdowns, and the MLflow mirror of the metrics."""

from __future__ import annotations

import json

import pytest

from conftest import offline_cfg
from voice2image.evaluation.asr import asr_metrics, error_rates, score_items
from voice2image.evaluation.textnorm import normalize
from voice2image.pipeline import evaluate_asr, track
from voice2image.results import record


def test_english_normaliser_is_whispers():
    assert normalize("Um, draw me TWO cats, uh, no... Mr. Smith's colour!", "en") == (
        "draw me 2 cats no mister smith is color"  # Whisper expands 's
    )


def test_russian_normaliser_drops_hesitations_and_yo_but_keeps_words():
    assert normalize("Э, нарисуй ЁЖИКА, эм, ну, в лесу... Мм!", "ru") == "нарисуй ежика ну в лесу"


def test_error_rates_are_corpus_level():
    rates = error_rates([("a b c d", "a b c d"), ("a b", "a x"), ("", "ignored")])
    assert rates == {
        "wer": pytest.approx(1 / 6, abs=1e-4),
        "cer": pytest.approx(0.1, abs=1e-4),
        "n": 2,
    }
    assert error_rates([("", "x")]) is None


def manifest_rows():
    def row(item_id, language, source, speaker, reference, translation=None):
        return {"id": item_id, "language": language, "source": source, "speaker": speaker,
                "reference": reference, "translation": translation}  # fmt: skip

    return [
        row("e1", "en", "synthetic", "joe", "draw me a blue car"),
        row("e2", "en", "real", "reader", "he was not an ill disposed young man"),
        row("r1", "ru", "synthetic", "festival_ru", "нарисуй синюю машину", "draw a blue car"),
        row("e3", "en", "synthetic", "joe", "a cat"),
    ]


def transcripts(**texts):
    return {
        key: {
            "status": "ok",
            "text": text,
            "language": key[0].replace("e", "en").replace("r", "ru"),
            "latency_s": 0.5,
            "rtf": 0.1,
        }  # fmt: skip
        for key, text in texts.items()
    }


def test_breakdowns_by_language_source_and_voice_and_failed_items():
    records = transcripts(e1="Draw me a blue car.", e2="he was not an old disposed young man",
                          r1="Нарисуй синюю машину.")  # fmt: skip
    rows = score_items(manifest_rows(), records)
    metrics = asr_metrics(rows, {"wall_s": 3.0, "audio_s": 12.0, "wall_over_audio": 0.25})
    assert metrics["items"] == 4 and metrics["failed"] == 1  # e3 has no transcript
    assert metrics["by_source"]["en_synthetic"]["wer"] == 0.0
    assert metrics["by_source"]["en_real"]["wer"] == pytest.approx(1 / 8, abs=1e-4)
    assert metrics["by_language"]["ru"]["wer"] == 0.0
    assert set(metrics["by_voice"]) == {"joe", "reader", "festival_ru"}
    assert metrics["latency"]["p50_s"] == 0.5 and metrics["stage"]["wall_over_audio"] == 0.25


def test_translate_task_scores_russian_against_the_translation():
    records = transcripts(e1="draw me a blue car", r1="Draw a blue car.")
    rows = score_items(manifest_rows(), records, task="translate")
    metrics = asr_metrics(rows, {})
    assert metrics["translation"]["ru_to_en"]["wer"] == 0.0
    assert "ru" not in metrics["by_language"]


def test_evaluate_asr_then_track_logs_one_mlflow_run(compose_cfg, tmp_path):
    from mlflow.tracking import MlflowClient

    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in manifest_rows()))
    records = tmp_path / "transcripts.jsonl"
    rows = transcripts(e1="draw me a car")
    records.write_text("".join(json.dumps({"id": k, **v}) + "\n" for k, v in rows.items()))
    cfg = offline_cfg(compose_cfg("asr=reference"), tmp_path)
    metrics_dir = tmp_path / "metrics"
    metrics = evaluate_asr.run(cfg.asr, 0, manifest, records, metrics_dir)
    saved = json.loads((metrics_dir / "asr.json").read_text())
    assert saved == metrics and saved["asr"]["wer"] == pytest.approx(0.2)
    assert (metrics_dir / "plots" / "asr_wer_by_voice.png").read_bytes()[:4] == b"\x89PNG"
    images, prompts = tmp_path / "images", tmp_path / "prompts.jsonl"  # none: not logged
    run_id = track.run(cfg.tracking, cfg, tmp_path, metrics_dir, images, records, prompts)
    named = json.loads((metrics_dir / "mlflow_run.json").read_text())
    assert named["run_id"] == run_id
    saved_record = record.read(tmp_path / "results" / "runs" / f"{named['record']}.json")
    assert saved_record.mlflow_run_id == run_id and saved_record.choices["asr"] == "reference"
    assert saved_record.metrics["asr"]["wer"] == pytest.approx(0.2)
    assert [row["id"] for row in saved_record.items["asr"]] == ["e1", "e2", "r1", "e3"]
    client = MlflowClient(tracking_uri=cfg.tracking.uri)
    run = client.get_run(run_id)
    assert run.data.metrics["asr/wer"] == pytest.approx(0.2)
    assert run.data.metrics["asr/by_language/en/wer"] == pytest.approx(0.2)
    assert run.data.params["asr.name"] == "reference"
    assert run.data.params["hardware.device"] == "cpu"
    assert run.data.tags["hardware"] == "cpu" and "git_commit" in run.data.tags
    assert run.data.tags["asr"] == "reference" and run.data.tags["diffusion"] == "tiny"
    assert run.data.tags["record_id"] == named["record"]
    artifacts = {a.path for a in client.list_artifacts(run_id)}
    assert {"asr.json", "asr_items.jsonl", "transcripts.jsonl"} <= artifacts


def test_wer_carries_a_seeded_interval_that_resamples_descriptions():
    # Two voices per description: the interval's unit is the description, not the clip.
    manifest, records = [], {}
    spoken = ["a red car", "a blue boat on the sea", "two cats", "one dog in a park"]
    heard = ["a red car", "a blue goat on the tree", "two hats", "one dog in a park"]
    for n, (reference, hypothesis) in enumerate(zip(spoken, heard, strict=True)):
        for voice in ("joe", "amy"):
            item = f"d{n}__{voice}"
            manifest.append({"id": item, "language": "en", "source": "synthetic", "speaker": voice,
                             "reference": reference, "description_id": f"d{n}"})  # fmt: skip
            records[item] = {"status": "ok", "text": hypothesis, "language": "en"}
    rows = score_items(manifest, records)
    metrics = asr_metrics(rows, {}, seed=3)
    low, high = metrics["wer_ci"]["low"], metrics["wer_ci"]["high"]
    assert metrics["wer"] == pytest.approx(6 / 32, abs=1e-4)  # corpus-level: errors / words
    assert low <= metrics["wer"] <= high and high - low > 0
    assert metrics["groups"] == 4 and metrics["by_voice"]["joe"]["groups"] == 4
    assert metrics["cer_ci"]["low"] <= metrics["cer"] <= metrics["cer_ci"]["high"]
    assert metrics["language_id_accuracy"] == 1.0
    assert asr_metrics(rows, {}, seed=3) == metrics  # the same seed, the same interval
    alone = [{**row, "description_id": None} for row in rows]  # a real clip: its own group
    assert asr_metrics(alone, {}, seed=3)["groups"] == 8
