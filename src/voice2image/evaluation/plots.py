"""Figures a person would rather look at than read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from voice2image.files import atomic_write_bytes


def wer_by_voice_png(
    metrics: dict[str, Any], sources: dict[str, str], title: str, out: str | Path
) -> None:
    """Horizontal bars of WER per voice; `sources` maps a voice to `real` or `synthetic`."""
    import io

    from matplotlib.figure import Figure  # no pyplot: no global backend switch

    voices = metrics.get("by_voice", {})
    names = sorted(voices, key=lambda name: voices[name]["wer"])
    colours = ["tab:orange" if sources.get(name) == "real" else "tab:blue" for name in names]
    figure = Figure(figsize=(7, 0.4 * len(names) + 1.2))
    axes = figure.subplots()
    axes.barh(names, [voices[name]["wer"] for name in names], color=colours)
    for index, name in enumerate(names):
        axes.text(voices[name]["wer"], index, f" {voices[name]['wer']:.2f} (n={voices[name]['n']})",
                  va="center", fontsize=8)  # fmt: skip
    axes.set_xlabel("word error rate (blue: synthetic voices, orange: real speakers)")
    axes.set_title(title)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    atomic_write_bytes(out, buffer.getvalue())
