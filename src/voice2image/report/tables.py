"""The thesis tables: which figures each one shows, with intervals and paired tests against the
table's baseline row, rendered as Markdown and LaTeX."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from voice2image.evaluation.figures import PAIRED
from voice2image.evaluation.stats import Comparison
from voice2image.report.runs import Row


@dataclass(frozen=True)
class Column:
    """A figure of the run: its metric name (`asr/by_source/en_real/wer`); shown as
    `value ± half-width` when the run has its 95% interval (`<key>_ci`)."""

    label: str
    key: str
    digits: int = 3


@dataclass(frozen=True)
class Delta:
    """A paired comparison with the table's baseline row on the items both runs scored:
    `figure` (an `evaluation.figures.PAIRED` name) of the items whose fields match `where`."""

    label: str
    figure: str
    where: tuple[tuple[str, str], ...] = ()
    digits: int = 3


@dataclass(frozen=True)
class TableSpec:
    """What a thesis table shows; its rows and their order come from the experiment file.
    `baseline`: (axis, value) of the row each other row is compared with, the other axes
    equal (None: no paired tests)."""

    experiment: str
    title: str
    columns: tuple[Column | Delta, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    baseline: tuple[str, str] | None = None


DELTA_NOTE = (
    "`Δ`: the row's figure minus the baseline row's (`{axis}={value}`, the other choices "
    "equal) on the items both scored, with its 95% paired bootstrap interval and the paired "
    "randomization test's p-value (descriptions resampled or swapped as a whole); `n.s.`: not "
    "significant at 0.05. `±`: half the width of the figure's 95% bootstrap interval over "
    "descriptions (docs/evaluation.md)."
)
INTERVAL_NOTE = (
    "`±`: half the width of the figure's 95% bootstrap interval over descriptions "
    "(docs/evaluation.md). Rows without `±` were published without a record (no item rows)."
)

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
            Delta("Δ WER", "wer", (("scored_as", "transcript"),)),
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
        baseline=("asr", "faster_whisper_tiny_en"),
    ),
    TableSpec(
        "structuring",
        "Structuring: slot F1 and self-correction accuracy by method and transcript source",
        (
            Column("slot F1", "text/slots/f1"),
            Column("F1 dev", "text/by_split/dev/slots/f1"),
            Column("F1 test", "text/by_split/test/slots/f1"),
            Delta("Δ F1 dev", "slot_f1", (("split", "dev"),)),
            Delta("Δ F1 test", "slot_f1", (("split", "test"),)),
            Column("F1 en", "text/by_language/en/slots/f1"),
            Column("F1 ru", "text/by_language/ru/slots/f1"),
            Column("self-corr. en", "text/by_language/en/self_correction_accuracy", 2),
            Column("self-corr. ru", "text/by_language/ru/self_correction_accuracy", 2),
            Column("self-corr. dev", "text/by_split/dev/self_correction_accuracy", 2),
            Column("self-corr. test", "text/by_split/test/self_correction_accuracy", 2),
            Column("count acc.", "text/count_accuracy"),
            Column("similarity", "text/similarity"),
            Column("latency p50 s", "text/structure_latency/p50_s", 4),
        ),
        notes=(
            "The lexicons of `rules` were written after reading the dev split: on dev, its "
            "numbers are training-set numbers; the test split was not read (docs/structuring.md). "
            "`llm_tiny` is a random model: it tests the machinery, and its items fall back to "
            "`rules`.",
        ),
        baseline=("structure", "rules"),
    ),
    TableSpec(
        "enrichment",
        "Enrichment: prompt similarity, length, truncation and CLIPScore by method",
        (
            Column("similarity", "text/similarity"),
            Column("sim. dev", "text/by_split/dev/similarity"),
            Column("sim. test", "text/by_split/test/similarity"),
            Delta("Δ sim. dev", "similarity", (("split", "dev"),)),
            Delta("Δ sim. test", "similarity", (("split", "test"),)),
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
        baseline=("enrich", "tags"),
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
            Column("ident. acc.", "speaker/identification/accuracy"),
            Column("ident. acc. bundled", "speaker/identification/bundled/accuracy"),
            Column("ident. acc. real", "speaker/identification/real/accuracy"),
            Delta("Δ ident. acc.", "identification_accuracy"),
            Column("DER call", "speaker/diarization/der_call"),
            Column("DER mixes", "speaker/diarization/der_mixes"),
            Column("embed s", "speaker/latency/median_s", 4),
            Column("identify RTF", "speaker/latency/identify_rtf", 4),
        ),
        notes=(
            "Metrics of the speaker stages (docs/speakers.md): equal-error rate and "
            "identification accuracy against the enrolled voices, DER on the real call (one "
            "recording: no interval) and the multi-voice mixes.",
        ),
        baseline=("speaker", "dvector"),
    ),
)


def number(value: float, digits: int, signed: bool = False) -> str:
    """`value` to `digits` places; `signed`: a `+` before a positive value. Never `-0.000`."""
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        text = f"{0:.{digits}f}"
    return f"+{text}" if signed and float(text) > 0 else text


def cell(value: float | None, digits: int, interval: tuple[float, float] | None = None) -> str:
    """`0.772 ± 0.030`: the value and half the width of its interval; `–` for no value."""
    if value is None:
        return "–"
    if interval is None:
        return number(value, digits)
    return f"{number(value, digits)} ± {number((interval[1] - interval[0]) / 2, digits)}"


def p_text(p_value: float) -> str:
    return "p<0.001" if p_value < 0.001 else f"p={p_value:.3f}"


def delta_cell(found: Comparison | None, digits: int) -> str:
    """`+0.021 [-0.010, +0.052] p=0.210 n.s.`; `–` without a comparison."""
    if found is None or found.difference is None:
        return "–"
    text = number(found.difference, digits, signed=True)
    if found.low is not None and found.high is not None:
        low, high = number(found.low, digits, True), number(found.high, digits, True)
        text += f" [{low}, {high}]"
    if found.p_value is not None:
        text += f" {p_text(found.p_value)}"
    return text if found.significant else f"{text} n.s."


def compare_rows(row: Row, baseline: Row, delta: Delta, seed: int) -> Comparison | None:
    """The paired test of `delta` between two rows' item rows (None: either has none)."""
    step, figure = PAIRED[delta.figure]
    mine, theirs = row.run.items.get(step), baseline.run.items.get(step)
    if not mine or not theirs:
        return None

    def chosen(rows: list[dict[str, object]]) -> list[dict[str, object]]:
        return [r for r in rows if all(str(r.get(k)) == v for k, v in delta.where)]

    found = figure.compare(chosen(mine), chosen(theirs), seed)
    return found if found.groups else None


def header(axes: Sequence[str], columns: Sequence[Column | Delta]) -> list[str]:
    return ["dataset", *axes, *(c.label for c in columns), "measured on", "commit", "record"]


def run_cell(row: Row) -> str:
    run = row.run
    text = run.short_id if run.has_record else f"{run.short_id} (no record)"
    return f"{text} (re-measured)" if row.remeasured else text


def body(
    rows: Sequence[Row],
    columns: Sequence[Column | Delta],
    baseline_of: Callable[[Row], Row | None] = lambda row: None,
    is_baseline: Callable[[Row], bool] = lambda row: False,
    seed: int = 0,
) -> list[list[str]]:
    lines = []
    for row in rows:
        cells = []
        for column in columns:
            if isinstance(column, Column):
                run = row.run
                cells.append(cell(run.metric(column.key), column.digits, run.interval(column.key)))
                continue
            if is_baseline(row):
                cells.append("baseline")
                continue
            base = baseline_of(row)
            found = compare_rows(row, base, column, seed) if base is not None else None
            cells.append(delta_cell(found, column.digits))
        load = f" (load {row.run.load})" if row.run.load else ""
        lines.append([*row.key, *cells, row.run.hardware + load, row.run.commit[:7], run_cell(row)])
    return lines


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
LATEX_ESCAPES |= {"±": r"$\pm$", "Δ": r"$\Delta$", "<": r"$<$"}


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
