"""`voice2image results list|import-mlflow`: the run records of the repository.

    voice2image results list                     # every record: date, choices, headline figures
    voice2image results import-mlflow            # into the tracking store of conf/ (mlflow.db)
    voice2image results import-mlflow --uri http://127.0.0.1:5000
    mlflow ui --backend-store-uri sqlite:///mlflow.db
    voice2image results legacy                   # docs/results/*.md rows -> results/legacy/
    voice2image results reference-hashes         # data/prepared -> data/reference_hashes/
    voice2image results compare ../other-clone   # metrics/ here against the other checkout's

Defaults come from the config's `tracking` section: `records` (results/runs), `uri`
($MLFLOW_TRACKING_URI, else the checkout's mlflow.db) and `experiment`. Importing twice adds
nothing: each run carries its record's id.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from voice2image.config import CONF_DIR

HEADLINE = (
    ("WER", "asr.wer"), ("slot F1", "text.slots.f1"), ("similarity", "text.similarity"),
    ("CLIPScore", "gen.clip_score"), ("EER", "speaker.identification.eer"),
)  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--records", help="records folder (default: tracking.records in conf/)")
    commands = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    commands.add_parser("list", help="list the run records")
    into = commands.add_parser("import-mlflow", help="import the records into an MLflow store")
    into.add_argument("--uri", help="tracking URI (default: tracking.uri, else mlflow.db)")
    into.add_argument("--experiment", help="experiment name (default: tracking.experiment)")
    frozen = commands.add_parser(
        "legacy", help="keep the rows of the published tables that have no record"
    )
    frozen.add_argument("--tables", help="published tables (default: report.dir)")
    frozen.add_argument("--out", help="where the rows go (default: report.legacy)")
    hashes = commands.add_parser(
        "reference-hashes", help="write the committed clip hashes from a prepared data set"
    )
    hashes.add_argument("--prepared", help="prepared folder (default: paths.prepared)")
    hashes.add_argument(
        "--out", help="reference file (default: data/reference_hashes/<its data set>.json)"
    )
    other = commands.add_parser(
        "compare",
        help="this checkout's metrics against another's: bit-identical, inside or outside the "
        "interval (exit 1 when a figure lies outside or is missing)",
    )
    other.add_argument("other", help="the other checkout (or its metrics folder)")
    other.add_argument("--metrics", default="metrics", help="metrics folder here (metrics)")
    other.add_argument("--out", help="also write the Markdown summary to this file")


def _config() -> Any:
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
            return compose("config")
    finally:
        GlobalHydra.instance().clear()


def main(args: argparse.Namespace) -> int:
    from voice2image.paths import project_root
    from voice2image.results import record
    from voice2image.results.compare import figure_at
    from voice2image.tracking import tracking_uri

    config = _config()
    tracking = config.tracking
    root = project_root(Path.cwd())
    if args.action == "reference-hashes":
        return _reference_hashes(args, config, root)
    if args.action == "compare":
        return _compare(args, root)
    if args.action == "legacy":
        from voice2image.report.legacy import freeze

        tables = Path(args.tables) if args.tables else record.records_dir(config.report.dir, root)
        out = Path(args.out) if args.out else record.records_dir(config.report.legacy, root)
        counts = freeze(tables.resolve(), out, CONF_DIR, root)
        print(f"{sum(counts.values())} published rows of {len(counts)} tables -> {out}")
        return 0
    folder = (
        Path(args.records).expanduser()
        if args.records
        else record.records_dir(str(tracking.records), root)
    )
    records = record.read_all(folder)
    if args.action == "list":
        for run in records:
            figures = []
            for label, key in HEADLINE:
                value = figure_at(run.metrics, key)
                if value is not None:
                    figures.append(f"{label} {value:.3f}")
            choices = " ".join(f"{k}={v}" for k, v in run.choices.items())
            print(f"{run.id}  {run.provenance.commit[:7]}  {choices}  {', '.join(figures)}")
        print(f"{len(records)} records in {folder}")
        return 0
    from voice2image.results.mlflow_import import import_records

    uri = args.uri or tracking_uri(tracking.get("uri"), root)
    experiment = args.experiment or str(tracking.experiment)
    imported, skipped = import_records(records, uri, experiment)
    print(
        f"imported {len(imported)} records into {uri} (experiment {experiment}); "
        f"{len(skipped)} were there already"
    )
    return 0


def _compare(args: argparse.Namespace, root: Path) -> int:
    from voice2image.files import atomic_write_text
    from voice2image.results.compare import compare_metrics, summary_markdown

    here = (root / args.metrics).resolve()
    other = Path(args.other).expanduser().resolve()
    if (other / here.name).is_dir():  # a checkout: its metrics folder of the same name
        other = other / here.name
    if not other.is_dir():
        raise ValueError(f"{other}: no such folder")
    rows = compare_metrics(here, other)
    text = summary_markdown(rows, str(here), str(other))
    print(text, end="")
    if args.out:
        atomic_write_text(Path(args.out), text)
    return 1 if any(r.verdict in ("outside", "missing") for r in rows) else 0


def _reference_hashes(args: argparse.Namespace, config: Any, root: Path) -> int:
    """The sha256 of every clip of a prepared folder, named by the data set its stamp names."""
    import json

    from voice2image.evaluation.clip_hashes import make_reference, write_reference
    from voice2image.pipeline.prepare import STAMP

    prepared = Path(args.prepared) if args.prepared else root / str(config.paths.prepared)
    manifest, stamp = prepared / "manifest.jsonl", prepared / STAMP
    if not manifest.is_file() or not stamp.is_file():
        raise ValueError(f"{prepared}: no prepared data set (manifest.jsonl and {STAMP})")
    name = str(json.loads(stamp.read_text(encoding="utf-8"))["name"])
    folder = (root / str(config.paths.reference_hashes)).parent
    out = Path(args.out) if args.out else folder / f"{name}.json"
    reference = make_reference(manifest, name)
    write_reference(reference, out)
    print(f"{len(reference.clips)} clip hashes of data set {name} ({prepared}) -> {out}")
    return 0
