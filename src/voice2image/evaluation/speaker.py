"""Speaker metrics: equal-error rate and identification accuracy (bundled voices, real
speakers), DER on the real call and the multi-voice mixes (pyannote.metrics), embedding
latency and diarization real-time factor; a plot of same- vs different-speaker similarity.
EER, accuracy and the mean DER of the mixes carry 95% intervals (`<name>_ci`): clips are
resampled by the description they speak, mixes and real recordings one by one."""

from __future__ import annotations

import importlib.util
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from voice2image.audio import SAMPLE_RATE, load_audio
from voice2image.evaluation.figures import DER, IDENTIFICATION, ci, group_of
from voice2image.evaluation.stats import bootstrap
from voice2image.files import atomic_write_bytes
from voice2image.records import Turn
from voice2image.speakers.core import SpeakerSettings
from voice2image.speakers.diarization import attribute, diarize
from voice2image.speakers.registry import SpeakerRegistry


def equal_error_rate(targets: list[float], impostors: list[float]) -> float | None:
    """The error rate where false acceptances equal false rejections (ROC interpolation)."""
    if not targets or not impostors:
        return None
    from sklearn.metrics import roc_curve

    labels = [1] * len(targets) + [0] * len(impostors)
    fpr, tpr, _ = roc_curve(labels, [*targets, *impostors])
    fnr = 1 - tpr
    index = int(np.nanargmin(np.abs(fnr - fpr)))
    return round(float((fpr[index] + fnr[index]) / 2), 4)


def _eer_of(items: list[dict[str, Any]]) -> float | None:
    return equal_error_rate(
        [score for item in items for score in item["target"]],
        [score for item in items for score in item["impostor"]],
    )


def eer_with_interval(items: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    """The EER of the items' pooled trials and its 95% interval (items resampled by group)."""
    found = bootstrap(items, [group_of(item) for item in items], _eer_of, seed)
    result: dict[str, Any] = {"eer": found.value}
    if found.low is not None and found.high is not None:
        result["eer_ci"] = {"low": found.low, "high": found.high}
    return result


# The manifest's speaker of a recording whose speaker nobody labelled (`dataset=folder`).
UNLABELLED = "unknown"


def identification_scores(
    rows: list[dict[str, Any]],
    sources: dict[str, str],
    enrolled: set[str],
    skip: set[str],
    descriptions: dict[str, str | None] | None = None,
    seed: int = 0,
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, list[float]]]:
    """Accuracy (the enrolled name, or unknown for a stranger) and EER trials, by source, each
    with its interval. `descriptions`: each item's description id (the bootstrap's groups);
    `seed` seeds the intervals. Each item row keeps its target and impostor scores."""
    items: list[dict[str, Any]] = []
    trials: dict[str, list[float]] = {"target": [], "impostor": []}
    unlabelled: dict[str, int] = {}
    for row in rows:
        if row["id"] in skip or row.get("turns") is not None or row["status"] != "ok":
            continue
        if row["true_speaker"] == UNLABELLED:  # a recording of one's own: who it is, not a score
            unlabelled[row["speaker"]] = unlabelled.get(row["speaker"], 0) + 1
            continue
        truth = row["true_speaker"] if row["true_speaker"] in enrolled else "unknown"
        source = "bundled" if sources.get(row["id"]) == "synthetic" else "real"
        scores = row.get("scores") or {}
        target = [round(v, 4) for name, v in scores.items() if name == row["true_speaker"]]
        impostor = [round(v, 4) for name, v in scores.items() if name != row["true_speaker"]]
        trials["target"] += target
        trials["impostor"] += impostor
        items.append(
            {"id": row["id"], "description_id": (descriptions or {}).get(row["id"]),
             "source": source, "truth": truth, "speaker": row["speaker"],
             "score": row.get("score"), "correct": row["speaker"] == truth,
             "target": target, "impostor": impostor}
        )  # fmt: skip
    metrics: dict[str, Any] = eer_with_interval(items, seed)
    if items:
        metrics["accuracy"] = IDENTIFICATION.interval(items, seed).value
        metrics["accuracy_ci"] = ci(IDENTIFICATION, items, seed)
    for source in sorted({item["source"] for item in items}):
        members = [item for item in items if item["source"] == source]
        metrics[source] = {
            "accuracy": round(sum(item["correct"] for item in members) / len(members), 4),
            "accuracy_ci": ci(IDENTIFICATION, members, seed),
            "n": len(members),
            **eer_with_interval(members, seed),
        }
    if unlabelled:
        metrics["without_reference"] = {
            "items": sum(unlabelled.values()),
            "identified": dict(sorted(unlabelled.items())),
            "note": "identification accuracy and EER need each recording's true speaker; "
            "these items have none, so only who they were identified as is reported",
        }
    return metrics, items, trials


def read_rttm(path: str | Path) -> Any:
    from pyannote.core import Annotation, Segment

    reference = Annotation()
    for line in Path(path).read_text().splitlines():
        fields = line.split()
        if len(fields) >= 8 and fields[0] == "SPEAKER":
            start, length = float(fields[3]), float(fields[4])
            reference[Segment(start, start + length)] = fields[7]
    return reference


def der_of(reference: Any, turns: list[Turn]) -> dict[str, float]:
    """DER (no collar, overlap scored) and its parts; plus the identification error rate
    (names must match, not just clusters)."""
    from pyannote.core import Annotation, Segment
    from pyannote.metrics.diarization import DiarizationErrorRate
    from pyannote.metrics.identification import IdentificationErrorRate

    hypothesis = Annotation()
    for turn in turns:
        hypothesis[Segment(turn.start, turn.end)] = turn.speaker
    detail = DiarizationErrorRate(collar=0.0)(reference, hypothesis, detailed=True)
    total = detail["total"] or 1.0
    ier = IdentificationErrorRate(collar=0.0)(reference, hypothesis)
    return {
        "der": round(float(detail["diarization error rate"]), 4),
        "missed": round(detail["missed detection"] / total, 4),
        "false_alarm": round(detail["false alarm"] / total, 4),
        "confusion": round(detail["confusion"] / total, 4),
        "ier": round(float(ier), 4),
        "speakers": len(hypothesis.labels()),
    }


def pyannote_sample_rttm() -> Path | None:
    spec = importlib.util.find_spec("pyannote.audio")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "sample" / "sample.rttm"
    return path if path.is_file() else None


def diarization_scores(
    recordings: list[tuple[str, Path, Path]],
    embedder: Any,
    registry: SpeakerRegistry,
    settings: SpeakerSettings,
) -> tuple[dict[str, Any], dict[str, list[Turn]]]:
    """DER per recording with the number of speakers estimated and given (oracle)."""
    per_file: dict[str, Any] = {}
    turns_of: dict[str, list[Turn]] = {}
    audio_s = wall_s = 0.0
    for name, audio_path, rttm in recordings:
        reference = read_rttm(rttm)
        audio = load_audio(audio_path).samples
        result: dict[str, Any] = {}
        for mode, count in (("estimated", None), ("oracle", len(reference.labels()))):
            started = time.perf_counter()
            turns = diarize(audio, SAMPLE_RATE, embedder, registry, count, settings.threshold,
                            settings.vad, settings.diarize)  # fmt: skip
            elapsed = time.perf_counter() - started
            result[mode] = der_of(reference, turns)
            if mode == "estimated":
                turns_of[name] = turns
                audio_s += len(audio) / SAMPLE_RATE
                wall_s += elapsed
        per_file[name] = result
    return {"files": per_file, "rtf": round(wall_s / audio_s, 4) if audio_s else None}, turns_of


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 4) if values else None


def embed_latency(embedder: Any, audio: np.ndarray, repeats: int = 5) -> dict[str, float]:
    """Seconds to embed a 3 s clip (min and median of `repeats`)."""
    clip = audio[: 3 * SAMPLE_RATE]
    embedder.embed(clip, SAMPLE_RATE)  # warm-up
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        embedder.embed(clip, SAMPLE_RATE)
        times.append(time.perf_counter() - started)
    return {"min_s": round(min(times), 4), "median_s": round(statistics.median(times), 4),
            "clip_s": round(len(clip) / SAMPLE_RATE, 2)}  # fmt: skip


def similarity_png(trials: dict[str, list[float]], title: str, out: str | Path) -> None:
    import io

    from matplotlib.figure import Figure  # no pyplot: no global backend switch

    figure = Figure(figsize=(7, 3.6))
    axes = figure.subplots()
    bins = np.linspace(-0.2, 1.0, 49).tolist()
    axes.hist(trials["impostor"], bins=bins, alpha=0.6, density=True, label="different speaker")
    axes.hist(trials["target"], bins=bins, alpha=0.6, density=True, label="same speaker")
    axes.set_xlabel("cosine similarity of a clip to an enrolled speaker")
    axes.set_ylabel("density")
    axes.set_title(title)
    axes.legend()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    atomic_write_bytes(out, buffer.getvalue())


def der_summary(files: dict[str, Any], seed: int = 0) -> dict[str, Any]:
    """The headline DER figures: the real call (estimated and oracle speaker count; one
    recording, so no interval), the mean over the synthetic mixes, and over every recording
    (with intervals, resampling recordings)."""
    mixes = {name: result for name, result in files.items() if name.startswith("mix")}
    call = files.get("pyannote_sample", {})
    mix_rows = [{"id": name, "der": f["estimated"]["der"]} for name, f in mixes.items()]
    all_rows = [{"id": name, "der": f["estimated"]["der"]} for name, f in files.items()]
    return {
        "der_call": call.get("estimated", {}).get("der"),
        "der_call_oracle": call.get("oracle", {}).get("der"),
        "der_mixes": _mean([f["estimated"]["der"] for f in mixes.values()]),
        "der_mixes_ci": ci(DER, mix_rows, seed),
        "der_mixes_oracle": _mean([f["oracle"]["der"] for f in mixes.values()]),
        "ier_mixes": _mean([f["estimated"]["ier"] for f in mixes.values()]),
        "der_mean": _mean([f["estimated"]["der"] for f in files.values()]),
        "der_mean_ci": ci(DER, all_rows, seed),
    }


def turn_rows(
    turns_of: dict[str, list[Turn]], segments_of: dict[str, list[tuple[float, float, str]]]
) -> list[dict[str, Any]]:
    """The diarized recordings' turns, with the transcript's segments attributed to them."""
    rows = []
    for name, turns in turns_of.items():
        segments = segments_of.get(name, [])
        rows.append({
            "id": name,
            "turns": [t.__dict__ for t in turns],
            "segments": [s.__dict__ for s in attribute(turns, segments)],
        })  # fmt: skip
    return rows
