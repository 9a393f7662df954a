"""The thesis tables: which metrics each one shows, rendered as Markdown and LaTeX."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from voice2image.report.runs import Row


@dataclass(frozen=True)
class Column:
    label: str
    key: str  # an MLflow metric name (`asr/by_source/en_real/wer`)
    digits: int = 3


@dataclass(frozen=True)
class TableSpec:
    """What a thesis table shows; its rows and their order come from the experiment file."""

    experiment: str
    title: str
    columns: tuple[Column, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


SPECS = (
    TableSpec(
        "asr_engines",
        "Speech recognition: WER by engine, source and language; speed and memory",
        (
            Column("WER", "asr/wer"),
            Column("WER en synth.", "asr/by_source/en_synthetic/wer"),
            Column("WER en real", "asr/by_source/en_real/wer"),
            Column("WER ru", "asr/by_source/ru_synthetic/wer"),
            Column("WER ru→en", "asr/translation/ru_to_en/wer"),
            Column("CER", "asr/cer"),
            Column("wall / audio", "asr/stage/wall_over_audio"),
            Column("RTF p50", "asr/rtf/p50"),
            Column("peak RSS MB", "asr/stage/peak_rss_mb", 0),
        ),
        notes=(
            "WER and CER are corpus-level over normalised text (docs/evaluation.md); an "
            "English-only engine's `WER ru` measures nothing. `WER ru→en`: a translate-task "
            "engine's English output against the reference translation.",
            "Timings depend on the machine and its load: compare rows of one machine only.",
        ),
    ),
    TableSpec(
        "structuring",
        "Structuring: slot F1 and self-correction accuracy by method and transcript source",
        (
            Column("slot F1", "text/slots/f1"),
            Column("F1 en", "text/by_language/en/slots/f1"),
            Column("F1 ru", "text/by_language/ru/slots/f1"),
            Column("self-corr. en", "text/by_language/en/self_correction_accuracy", 2),
            Column("self-corr. ru", "text/by_language/ru/self_correction_accuracy", 2),
            Column("count acc.", "text/count_accuracy"),
            Column("similarity", "text/similarity"),
            Column("latency p50 s", "text/structure_latency/p50_s", 4),
        ),
        notes=(
            "The lexicons of `rules` were written after reading the bundled set: on it, its "
            "numbers are training-set numbers (docs/structuring.md). `llm_tiny` is a random "
            "model: it tests the machinery, and its items fall back to `rules`.",
        ),
    ),
    TableSpec(
        "enrichment",
        "Enrichment: prompt similarity, length, truncation and CLIPScore by method",
        (
            Column("similarity", "text/similarity"),
            Column("prompt tokens", "text/prompt_tokens/mean", 1),
            Column("truncated", "text/truncation_rate"),
            Column("latency p50 s", "text/enrich_latency/p50_s", 4),
            Column("CLIPScore", "gen/clip_score", 2),
        ),
        notes=(
            "With `diffusion=tiny` the images are noise and CLIPScore comes from a random CLIP "
            "(`diffusion.clip_model=tiny-random`): that column measures nothing until a real "
            "backend and CLIP model are named. `lm_tiny` is a random model (machinery only).",
        ),
    ),
    TableSpec(
        "diffusion_hardware",
        "Image generation: CLIPScore, latency and memory by backend and hardware profile",
        (
            Column("CLIPScore", "gen/clip_score", 2),
            Column("s / image", "latency/generate_s"),
            Column("denoise s", "latency/denoise_s"),
            Column("decode s", "latency/decode_s"),
            Column("load s", "latency/generate_load_s", 2),
            Column("peak RSS MB", "gen/peak_rss_mb", 0),
            Column("peak VRAM MB", "gen/peak_vram_mb", 0),
        ),
        notes=(
            "`tiny` and `sd_turbo_random` have random weights: their latency and memory are "
            "honest, their images noise and their CLIPScore meaningless (docs/generation.md).",
        ),
    ),
    TableSpec(
        "speakers",
        "Speakers: identification and diarization by speaker embedder",
        (
            Column("EER", "speaker/identification/eer"),
            Column("EER bundled", "speaker/identification/bundled/eer"),
            Column("EER real", "speaker/identification/real/eer"),
            Column("ident. acc. bundled", "speaker/identification/bundled/accuracy"),
            Column("ident. acc. real", "speaker/identification/real/accuracy"),
            Column("DER call", "speaker/diarization/der_call"),
            Column("DER mixes", "speaker/diarization/der_mixes"),
            Column("embed s", "speaker/latency/median_s", 4),
            Column("identify RTF", "speaker/latency/identify_rtf", 4),
        ),
        notes=(
            "Metrics of the speaker stages (docs/speakers.md): equal-error rate and "
            "identification accuracy against the enrolled voices, DER on the real call and "
            "the multi-voice mixes.",
        ),
    ),
)


def cell(value: float | None, digits: int) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}"


def header(axes: Sequence[str], columns: Sequence[Column]) -> list[str]:
    return ["dataset", *axes, *(c.label for c in columns), "measured on", "commit", "run"]


def body(rows: Sequence[Row], columns: Sequence[Column]) -> list[list[str]]:
    return [
        [
            *row.key,
            *(cell(row.run.metric(c.key), c.digits) for c in columns),
            row.run.hardware + (f" (load {row.run.load})" if row.run.load else ""),
            row.run.commit[:7],
            row.run.run_id[:8],
        ]
        for row in rows
    ]


def markdown(head: Sequence[str], lines: Sequence[Sequence[str]], n_keys: int) -> str:
    def fmt(values: Sequence[str]) -> str:
        return "| " + " | ".join(values) + " |"

    def code(values: Sequence[str]) -> list[str]:
        return [f"`{v}`" if i < n_keys else v for i, v in enumerate(values)]

    align = ["---" if i < n_keys else "---:" for i in range(len(head))]
    align[-3:] = ["---"] * 3
    return "\n".join([fmt(head), fmt(align), *(fmt(code(line)) for line in lines)]) + "\n"


LATEX_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_"}
LATEX_ESCAPES |= {"$": r"\$", "{": r"\{", "}": r"\}", "→": r"$\to$", "–": "--"}


def tex(text: str) -> str:
    return "".join(LATEX_ESCAPES.get(ch, ch) for ch in text)


def latex(
    head: Sequence[str], lines: Sequence[Sequence[str]], n_keys: int, caption: str, label: str
) -> str:
    spec = "l" * n_keys + "r" * (len(head) - n_keys - 3) + "lll"
    out = [
        "% Written by the report stage (dvc repro report); needs \\usepackage{booktabs}.",
        "\\begin{table}[ht]",
        "\\centering",
        "\\small",
        f"\\caption{{{tex(caption)}}}",
        f"\\label{{tab:{label}}}",
        f"\\begin{{tabular}}{{{spec}}}",
        "\\toprule",
        " & ".join(tex(h) for h in head) + " \\\\",
        "\\midrule",
        *(" & ".join(tex(v) for v in line) + " \\\\" for line in lines),
        "\\bottomrule",
        "\\end{tabular}",
        "\\end{table}",
    ]
    return "\n".join(out) + "\n"
