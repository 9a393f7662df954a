"""The transcribe stage with each ASR choice on one prepared set: WER by language and source,
whole-stage wall/audio (model load included), load time and peak RSS, one process per choice.

    python benchmarks/asr_routing.py                      # auto, tiny.en, base on data/prepared
    python benchmarks/asr_routing.py --choices auto --json outputs/asr_routing.json
    python benchmarks/asr_routing.py -- hardware.threads=2 asr.detect_window_s=8

Run `dvc repro prepare` (or the whole pipeline) first, or point `--manifest` at any prepared
set. Each choice runs the stage's own
`transcribe.run` from scratch in a fresh process (so load time and peak RSS are its own),
into `--out/<choice>/`; the figures are the stage summary's (`wall_s` from the stage's start
to its last write) and `evaluation.asr`'s scores. The load average before and after each run
is printed beside it: on a shared machine, read wall/audio only next to it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHOICES = ["auto", "faster_whisper_tiny_en", "faster_whisper_base"]


def run_one(choice: str, manifest: Path, out: Path, overrides: list[str]) -> None:
    """In the child process: compose the config as `dvc exp run -S asr=<choice>` would and
    run the stage."""
    from voice2image.compose import compose_config
    from voice2image.pipeline import transcribe

    cfg = compose_config([f"asr={choice}", *overrides])
    if out.exists():
        shutil.rmtree(out)  # from scratch: no journal to resume from
    out.mkdir(parents=True)
    summary = transcribe.run(cfg.asr, cfg.hardware, cfg.audio, int(cfg.seed), int(cfg.chunk_size),
                             manifest, out / "transcripts.jsonl")  # fmt: skip
    print(json.dumps({"engine": summary.engine, "wall_s": summary.wall_s}))


def score(choice: str, manifest: Path, out: Path) -> dict[str, Any]:
    from voice2image.evaluation.asr import asr_metrics, score_items
    from voice2image.files import read_jsonl

    records = {r["id"]: r for r in read_jsonl(out / "transcripts.jsonl")}
    summary = json.loads((out / "transcripts.jsonl.summary.json").read_text())
    rows = score_items(read_jsonl(manifest), records)
    metrics = asr_metrics(rows, summary)
    decoders: dict[str, int] = {}
    for record in records.values():
        name = record.get("decoded_by") or record["engine"]
        decoders[name] = decoders.get(name, 0) + 1
    by_source = metrics.get("by_source", {})
    return {
        "choice": choice,
        "wer_en_synthetic": by_source.get("en_synthetic", {}).get("wer"),
        "wer_en_real": by_source.get("en_real", {}).get("wer"),
        "wer_ru": metrics.get("by_language", {}).get("ru", {}).get("wer"),
        "failed": metrics["failed"],
        "language_id_accuracy": metrics.get("language_id_accuracy"),
        "decoded_by": decoders,
        **{k: summary[k] for k in ("audio_s", "load_s", "wall_s", "peak_rss_mb")},
        "wall_over_audio": round(summary["wall_s"] / summary["audio_s"], 4),
    }


def table(rows: list[dict[str, Any]]) -> str:
    def cell(value: Any, digits: int = 3) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    lines = [
        "| `-S asr=` | WER en synthetic | WER en real | WER ru | failed | wall / audio | load s "
        "| peak RSS MB | decoded by | load average before -> after |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        decoded = ", ".join(f"{name} {n}" for name, n in sorted(r["decoded_by"].items()))
        lines.append(
            f"| `{r['choice']}` | {cell(r['wer_en_synthetic'])} | {cell(r['wer_en_real'])} "
            f"| {cell(r['wer_ru'])} | {r['failed']} | {cell(r['wall_over_audio'])} "
            f"| {cell(r['load_s'], 2)} | {r['peak_rss_mb']:.0f} | {decoded} "
            f"| {r['load_before']} -> {r['load_after']} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--choices", nargs="+", default=CHOICES, metavar="ASR")
    parser.add_argument("--manifest", type=Path, default=ROOT / "data/prepared/manifest.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "outputs/asr_routing")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process
    parser.add_argument("overrides", nargs="*", help="Hydra overrides for every choice")
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.manifest, args.out, args.overrides)
        return 0
    if not args.manifest.is_file():
        print(f"{args.manifest}: no prepared set (run `dvc repro prepare`)", file=sys.stderr)
        return 2
    rows = []
    for choice in args.choices:
        out = args.out / choice
        before = " ".join(f"{x:.1f}" for x in os.getloadavg())
        started = time.perf_counter()
        command = [sys.executable, __file__, "--one", choice, "--manifest", str(args.manifest)]
        command += ["--out", str(out), *args.overrides]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        done = subprocess.run(command, cwd=ROOT, env=env, check=False)
        if done.returncode != 0:
            print(f"{choice}: the stage failed (exit {done.returncode})", file=sys.stderr)
            continue
        row = score(choice, args.manifest, out)
        row["process_s"] = round(time.perf_counter() - started, 2)
        row["load_before"] = before
        row["load_after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
        rows.append(row)
        print(json.dumps(row), flush=True)
    print(f"\n{len(os.sched_getaffinity(0))} cores; {args.manifest}\n")
    print(table(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0 if len(rows) == len(args.choices) else 1


if __name__ == "__main__":
    sys.exit(main())
