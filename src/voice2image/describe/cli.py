"""`voice2image describe AUDIO... [overrides] [--out DIR] [--json]`.

Each recording (wav, flac, ogg, mp3, m4a, webm; `-` reads stdin) is transcribed, its speaker
identified, its description structured and enriched and its image drawn; the image and a JSON
record go beside the recording (`clip.m4a` -> `clip.png`, `clip.json`) or into `--out`. Overrides
are Hydra overrides of conf/, as `dvc exp run -S` takes them (`structure=rules diffusion=tiny`).
One file that cannot be used is a one-line error (status 2); in a batch the others go on, and
the status is 1 when any failed."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from voice2image.audio import AudioError
from voice2image.describe.core import DescribeFailed, Describer, DescribeRecord
from voice2image.schema import SCALAR_SLOTS, StructuredDescription

log = logging.getLogger(__name__)
STDIN = "-"
PROG = "voice2image describe"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="AUDIO",
        help="recordings (wav, flac, ogg, mp3, m4a, webm; - reads stdin), and Hydra overrides "
        "such as structure=rules diffusion=tiny",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for the images and records (default: beside each recording; for stdin "
        "the current folder)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per recording")
    # Overrides may come before or after the options.
    parser.parse_args = parser.parse_intermixed_args  # type: ignore[method-assign]


def split_arguments(values: list[str]) -> tuple[list[str], list[str]]:
    """(recordings, overrides): an argument with `=` that names no existing file is an
    override."""
    files: list[str] = []
    overrides: list[str] = []
    for value in values:
        is_override = value != STDIN and "=" in value and not Path(value).exists()
        (overrides if is_override else files).append(value)
    return files, overrides


@dataclass(frozen=True)
class Target:
    """One recording and where its image and record go."""

    name: str  # as given; "-" for stdin
    image: Path
    record: Path

    @property
    def label(self) -> str:
        return "stdin" if self.name == STDIN else self.name


def plan(files: list[str], out: Path | None) -> list[Target]:
    """The outputs of each recording; two recordings that would write the same image are an
    error before anything runs."""
    if not files:
        raise ValueError("name at least one recording (- reads stdin)")
    if files.count(STDIN) > 1:
        raise ValueError("- (stdin) can be named once")
    targets = []
    for name in files:
        folder, stem = (
            (Path("."), "stdin") if name == STDIN else (Path(name).parent, Path(name).stem)
        )
        folder = out if out is not None else folder
        targets.append(Target(name, folder / f"{stem}.png", folder / f"{stem}.json"))
    seen: dict[Path, str] = {}
    for target in targets:
        key = target.image.resolve()
        if key in seen:
            raise ValueError(
                f"{seen[key]} and {target.label} would both write {target.image} (rename one, "
                "or give them different --out folders)"
            )
        seen[key] = target.label
    return targets


def describe_one(describer: Describer, target: Target, stdin: bytes | None) -> DescribeRecord:
    """Decode, run every step, write the PNG and the record (atomically); a recording that
    cannot be used gives a failed record, never an exception."""
    from voice2image.audio_formats import decode_audio, read_audio_file
    from voice2image.files import atomic_write_bytes, write_json

    started = time.perf_counter()
    try:
        if target.name == STDIN:
            audio = decode_audio(stdin or b"", target.label, describer.limits)
        else:
            audio = read_audio_file(target.name, describer.limits)
        record, png = describer.describe(audio, target.label, time.perf_counter() - started)
    except (AudioError, DescribeFailed) as exc:
        return DescribeRecord(input=target.name, status="failed", error=str(exc),
                              config=describer.config)  # fmt: skip
    atomic_write_bytes(target.image, png)
    record = record.model_copy(update={"image": str(target.image)})
    write_json(target.record, record.model_dump(mode="json"))
    return record


def description_lines(description: StructuredDescription) -> list[str]:
    """The filled slots, one a line."""
    lines = []
    for subject in description.subjects:
        attributes = f" ({', '.join(subject.attributes)})" if subject.attributes else ""
        lines.append(f"subject      {subject.count} x {subject.noun}{attributes}")
    for slot in SCALAR_SLOTS:
        value = getattr(description, slot)
        if value:
            lines.append(f"{slot:<12} {value}")
    for slot in ("palette", "negative"):
        values = getattr(description, slot)
        if values:
            lines.append(f"{slot:<12} {', '.join(values)}")
    return lines or ["(no slot filled)"]


def show(record: DescribeRecord) -> str:
    """What a person reads: each step with its time."""
    t = record.timings

    def took(seconds: float | None) -> str:
        return f"{seconds:7.3f} s" if seconds is not None else " " * 9

    probability = record.language_probability
    language = f"[{record.language}{f' {probability:.2f}' if probability is not None else ''}] "
    language = language if record.language else ""
    speaker = record.speaker
    if record.speaker_score is not None:
        speaker += f" (score {record.speaker_score:.2f})"
    description = record.description or StructuredDescription()
    lines = [
        f"{record.input}: {record.duration_s:.2f} s of audio",
        f"  transcript  {took(t.transcribe_s)}  {language}{record.transcript}",
        f"  speaker     {took(t.identify_s)}  {speaker}",
        f"  structure   {took(t.structure_s)}",
        *[f"      {line}" for line in description_lines(description)],
        f"  prompt      {took(t.enrich_s)}  {record.prompt}",
        f"  negative               {record.negative_prompt or '-'}",
        f"  image       {took(t.generate_s)}  {record.image} (seed {record.seed})",
        f"  total       {took(t.total_s)}  (decoding {t.decode_s or 0:.3f} s)",
    ]
    lines += [f"  warning     {warning}" for warning in record.warnings]
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    from voice2image.compose import compose_config
    from voice2image.config import CONF_DIR
    from voice2image.paths import project_root

    files, overrides = split_arguments(list(args.inputs))
    targets = plan(files, args.out)
    # `paths.*` under the checkout whose conf/ this is, wherever the command runs from.
    cfg = compose_config(overrides, project_root(CONF_DIR.parent))
    describer = Describer(cfg, overrides)  # a bad config or backend stops here, named
    stdin = sys.stdin.buffer.read() if any(t.name == STDIN for t in targets) else None
    failed = 0
    for target in targets:
        loaded_before = describer.load_s is not None
        try:
            record = describe_one(describer, target, stdin)
        except (ValueError, OSError) as exc:  # a write that failed, a model that cannot run
            log.exception("%s failed", target.label)
            error = f"{target.label}: {exc}"
            record = DescribeRecord(
                input=target.name, status="failed", error=error, config=describer.config
            )
        if not loaded_before and describer.load_s is not None:
            print(f"{PROG}: models loaded in {describer.load_s:.2f} s", file=sys.stderr)
        if record.status == "failed":
            failed += 1
            print(f"{PROG}: error: {record.error}", file=sys.stderr)
        if args.json:
            print(record.model_dump_json(), flush=True)
        elif record.status == "ok":
            print(show(record), flush=True)
    if not failed:
        return 0
    return 2 if len(targets) == 1 else 1
