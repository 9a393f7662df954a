"""The report's figures: WER by engine and voice, quality against latency with the Pareto
front, similarity by structuring method, and image grids of methods on the same description.
Each is a PNG with its caption naming the hardware it was measured on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.image import imread

from voice2image.report.runs import Row

# Figures are built without pyplot: no global backend switch (a notebook importing the library
# keeps its inline plots) and no figure registry to leak.

# No timestamps or version strings in the files: the same runs give the same bytes.
PNG_METADATA = {"Software": None}


def save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, metadata=PNG_METADATA)
    return path


def hardware_caption(rows: Sequence[Row]) -> str:
    machines = sorted({row.run.hardware for row in rows})
    return "measured on: " + "; ".join(machines)


def label(row: Row) -> str:
    return " / ".join(row.key[1:]) or row.key[0]


def pareto_front(points: Sequence[tuple[float, float]], lower_is_better: bool) -> list[int]:
    """Indices of the points no other point beats on both latency (x, lower is better) and
    quality (y), sorted by latency."""
    order = sorted(range(len(points)), key=lambda i: (points[i][0], points[i][1]))
    front: list[int] = []
    best: float | None = None
    for i in order:
        y = points[i][1] if lower_is_better else -points[i][1]
        if best is None or y < best:
            front.append(i)
            best = y
    return front


def wer_by_voice(rows: Sequence[Row], path: Path) -> Path | None:
    """Grouped bars: one group per voice, one bar per engine."""
    voices = sorted(
        {k.split("/")[2] for row in rows for k in row.run.metrics if k.startswith("asr/by_voice/")}
    )
    if not rows or not voices:
        return None
    fig = Figure(figsize=(max(6.0, 0.9 * len(voices) + 2), 4.0))
    ax = fig.subplots()
    width = 0.8 / len(rows)
    for n, row in enumerate(rows):
        values = [row.run.metric(f"asr/by_voice/{v}/wer") for v in voices]
        heights = [np.nan if v is None else v for v in values]
        ax.bar(np.arange(len(voices)) + n * width, heights, width, label=label(row))
    ax.set_xticks(np.arange(len(voices)) + 0.4 - width / 2, voices, rotation=30, ha="right")
    ax.set_ylabel("WER")
    ax.set_title("WER by engine and voice")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.text(0.01, 0.01, hardware_caption(rows), fontsize=6)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return save(fig, path)


def quality_latency(
    rows: Sequence[Row],
    quality: tuple[str, str],
    latency: tuple[str, str],
    lower_is_better: bool,
    path: Path,
) -> Path | None:
    """Scatter of quality against latency, the Pareto front drawn and its points named."""
    points, named = [], []
    for row in rows:
        x, y = row.run.metric(latency[0]), row.run.metric(quality[0])
        if x is not None and y is not None:
            points.append((x, y))
            named.append(label(row))
    if not points:
        return None
    front = pareto_front(points, lower_is_better)
    fig = Figure(figsize=(6.0, 4.2))
    ax = fig.subplots()
    ax.scatter([p[0] for p in points], [p[1] for p in points], color="tab:blue")
    ax.plot(
        [points[i][0] for i in front],
        [points[i][1] for i in front],
        "o--",
        color="tab:red",
        fillstyle="none",
        markersize=11,
        label="Pareto front",
    )
    for (x, y), name in zip(points, named, strict=True):
        ax.annotate(name, (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel(latency[1])
    ax.set_ylabel(quality[1])
    ax.set_title(f"{quality[1]} against {latency[1]}", fontsize=9)
    ax.legend(fontsize=7)
    fig.text(0.01, 0.01, hardware_caption(rows), fontsize=6)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return save(fig, path)


def similarity_by_structure(rows: Sequence[Row], path: Path) -> Path | None:
    """Bars: one group per structuring method, one bar per transcript source."""
    if not rows:
        return None
    methods = list(dict.fromkeys(row.run.choices["structure"] for row in rows))
    sources = list(dict.fromkeys(row.run.choices["asr"] for row in rows))
    fig = Figure(figsize=(max(6.0, 1.2 * len(methods) + 2), 4.0))
    ax = fig.subplots()
    width = 0.8 / len(sources)
    for n, source in enumerate(sources):
        values = []
        for method in methods:
            match = [
                r.run.metric("text/similarity")
                for r in rows
                if r.run.choices["structure"] == method and r.run.choices["asr"] == source
            ]
            values.append(match[0] if match and match[0] is not None else np.nan)
        ax.bar(np.arange(len(methods)) + n * width, values, width, label=f"asr={source}")
    ax.set_xticks(np.arange(len(methods)) + 0.4 - width / 2, methods)
    ax.set_ylabel("prompt similarity to the gold description")
    ax.set_title("Similarity by structuring method")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.text(0.01, 0.01, hardware_caption(rows), fontsize=6)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return save(fig, path)


def image_grid(
    rows: Sequence[Row],
    items: Sequence[str],
    fetch: Callable[[Row, str], Path | None],
    title: str,
    path: Path,
) -> Path | None:
    """One row per config, one column per item: the same descriptions side by side."""
    if not rows or not items:
        return None
    fig = Figure(figsize=(1.9 * len(items) + 1.6, 1.9 * len(rows) + 0.6))
    axes = fig.subplots(len(rows), len(items))
    cells = np.atleast_2d(axes).reshape(len(rows), len(items))
    for r, row in enumerate(rows):
        for c, item in enumerate(items):
            ax = cells[r][c]
            ax.set_xticks([])
            ax.set_yticks([])
            image = fetch(row, item)
            if image is not None:
                ax.imshow(imread(image))
            if r == 0:
                ax.set_title(item, fontsize=7)
            if c == 0:
                ax.set_ylabel(label(row), fontsize=7)
    fig.suptitle(title, fontsize=9)
    fig.text(0.01, 0.005, hardware_caption(rows), fontsize=6)
    fig.tight_layout(rect=(0, 0.02, 1, 0.97))
    return save(fig, path)
