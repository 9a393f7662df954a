"""Who spoke when: VAD regions, embeddings over sliding windows, k-means clustering (a known
number of speakers, or the best silhouette), then each cluster identified against
the registry. `attribute()` gives ASR segments the speaker of the turn they overlap most."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voice2image.audio import SAMPLE_RATE
from voice2image.records import Turn
from voice2image.speakers.embedders import SpeakerEmbedder
from voice2image.speakers.registry import SpeakerRegistry
from voice2image.speakers.vad import VadOptions, speech_regions

FRAME_S = 0.01  # resolution of the turn boundaries


@dataclass(frozen=True)
class DiarizeOptions:
    """Windows of `window_s` every `hop_s` over speech, embedded, centred and clustered with
    k-means. Without a known number of speakers, k (up to `max_speakers`) is the one with the
    best silhouette, and one speaker when no split reaches `min_silhouette`; turns shorter than
    `min_turn_s` join the turn before them."""

    window_s: float = 1.5
    hop_s: float = 0.5
    min_silhouette: float = 0.35
    max_speakers: int = 6
    min_turn_s: float = 0.3


def _windows(regions: list[tuple[int, int]], window: int, hop: int) -> list[tuple[int, int]]:
    spans = []
    for start, end in regions:
        if end - start <= window:
            spans.append((start, end))
            continue
        last = start
        for last in range(start, end - window + 1, hop):
            spans.append((last, last + window))
        if last + window < end:
            spans.append((end - window, end))
    return spans


def _centred(vectors: np.ndarray) -> np.ndarray:
    """Remove what all windows share (channel, recording) so that speakers stand apart."""
    centred = vectors - vectors.mean(axis=0)
    return centred / (np.linalg.norm(centred, axis=1, keepdims=True) + 1e-12)


def _estimate_speakers(vectors: np.ndarray, options: DiarizeOptions) -> int:
    """The k (2..max_speakers, at most one per 4 windows) of the best silhouette of k-means on
    the raw embeddings, or 1 when none reaches `min_silhouette`."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    best_k, best = 1, options.min_silhouette
    for k in range(2, min(options.max_speakers, len(vectors) // 4) + 1):
        labels = KMeans(k, n_init=10, random_state=0).fit_predict(vectors)
        score = float(silhouette_score(vectors, labels, metric="cosine"))
        if score > best:
            best_k, best = k, score
    return best_k


def _cluster(vectors: np.ndarray, num_speakers: int | None, options: DiarizeOptions) -> np.ndarray:
    """K-means on centred embeddings, with k given or estimated."""
    from sklearn.cluster import KMeans

    k = num_speakers if num_speakers is not None else _estimate_speakers(vectors, options)
    k = min(k, len(vectors))
    if k <= 1:
        return np.zeros(len(vectors), dtype=int)
    return np.asarray(KMeans(k, n_init=10, random_state=0).fit_predict(_centred(vectors)))


def _frame_labels(
    spans: list[tuple[int, int]], labels: np.ndarray, regions: list[tuple[int, int]], n: int
) -> np.ndarray:
    """Per 10 ms frame: the cluster whose windows cover it most (-1: no speech)."""
    step = int(FRAME_S * SAMPLE_RATE)
    frames = n // step + 1
    votes = np.zeros((frames, int(labels.max()) + 1))
    for (start, end), label in zip(spans, labels, strict=True):
        votes[start // step : end // step, label] += 1.0
    speech = np.zeros(frames, dtype=bool)
    for start, end in regions:
        speech[start // step : end // step] = True
    result = np.where(votes.sum(axis=1) > 0, votes.argmax(axis=1), -1)
    result[~speech] = -1
    return result


def _segments(frames: np.ndarray, min_turn_s: float) -> list[tuple[float, float, int]]:
    turns: list[list[float]] = []
    for index, label in enumerate(frames):
        if label < 0:
            continue
        if turns and turns[-1][2] == label and index - turns[-1][1] / FRAME_S <= 1:
            turns[-1][1] = (index + 1) * FRAME_S
        else:
            turns.append([index * FRAME_S, (index + 1) * FRAME_S, int(label)])
    # absorb very short turns into the previous one when they touch it
    merged: list[list[float]] = []
    for turn in turns:
        touches = bool(merged) and turn[0] - merged[-1][1] < 1e-6
        short = turn[1] - turn[0] < min_turn_s
        if touches and (short or merged[-1][2] == turn[2]):
            merged[-1][1] = turn[1]
        else:
            merged.append(list(turn))
    return [(round(s, 2), round(e, 2), int(k)) for s, e, k in merged]


def diarize(
    audio: np.ndarray,
    sample_rate: int,
    embedder: SpeakerEmbedder,
    registry: SpeakerRegistry | None = None,
    num_speakers: int | None = None,
    threshold: float = 0.7,
    vad: VadOptions | None = None,
    options: DiarizeOptions | None = None,
) -> list[Turn]:
    """Turns in time order. With a `registry`, clusters that match an enrolled speaker (cosine
    similarity >= `threshold`) carry that name; the others are `speaker_1`, `speaker_2`, ..."""
    from voice2image.speakers.embedders import _mono16k

    options = options or DiarizeOptions()
    samples = _mono16k(audio, sample_rate)
    regions = speech_regions(samples, vad)
    spans = [
        s
        for s in _windows(
            regions, int(options.window_s * SAMPLE_RATE), int(options.hop_s * SAMPLE_RATE)
        )
        if s[1] - s[0] >= int(0.25 * SAMPLE_RATE)
    ]
    if not spans:
        return []
    vectors = np.stack([embedder.embed(samples[s:e], SAMPLE_RATE) for s, e in spans])
    labels = _cluster(vectors, num_speakers, options)
    frames = _frame_labels(spans, labels, regions, len(samples))
    segments = _segments(frames, options.min_turn_s)
    names = _name_clusters(vectors, labels, segments, embedder.name, registry, threshold)
    return [Turn(start, end, *names[label]) for start, end, label in segments]


def _name_clusters(
    vectors: np.ndarray,
    labels: np.ndarray,
    segments: list[tuple[float, float, int]],
    embedder: str,
    registry: SpeakerRegistry | None,
    threshold: float,
) -> dict[int, tuple[str, float | None]]:
    """Enrolled names where the registry knows the voice, else speaker_<k> by first turn."""
    order = list(dict.fromkeys(label for _, _, label in segments))
    names: dict[int, tuple[str, float | None]] = {}
    for label in order:
        centroid = vectors[labels == label].mean(axis=0)
        centroid = centroid / np.linalg.norm(centroid)
        found = registry.identify(centroid, embedder, threshold) if registry else None
        if found is not None and found.name:
            names[label] = (found.name, found.score)
        else:
            strangers = sum(name.startswith("speaker_") for name, _ in names.values())
            names[label] = (f"speaker_{strangers + 1}", found.score if found else None)
    return names


@dataclass(frozen=True)
class AttributedSegment:
    start: float
    end: float
    text: str
    speaker: str | None


def attribute(
    turns: list[Turn], segments: list[tuple[float, float, str]]
) -> list[AttributedSegment]:
    """Give each (start, end, text) ASR segment the speaker of the turn it overlaps most
    (None when it overlaps no turn)."""
    result = []
    for start, end, text in segments:
        overlap: dict[str, float] = {}
        for turn in turns:
            shared = min(end, turn.end) - max(start, turn.start)
            if shared > 0:
                overlap[turn.speaker] = overlap.get(turn.speaker, 0.0) + shared
        speaker = max(overlap, key=lambda name: overlap[name]) if overlap else None
        result.append(AttributedSegment(start, end, text, speaker))
    return result
