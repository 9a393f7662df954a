"""A run record: what one pipeline run measured, on what, from which code and config, with the
per-item rows its figures came from, as one small JSON file in git (`results/runs/<id>.json`).

The `track` stage writes one for every run (DVC pipeline, queued `dvc exp run`, Hydra app,
SLURM job); `git add` publishes it. The report builds every thesis table from the records, so a
fresh clone rebuilds the published tables without anybody's MLflow store.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from voice2image.evaluation.figures import SLOTS, record_row
from voice2image.files import atomic_write_text, read_jsonl

FORMAT = 1
# Config groups whose choice names a run (`<group>.name`); a table row is a choice of some.
GROUPS = ("dataset", "asr", "structure", "enrich", "diffusion", "hardware", "speaker")
STEPS = ("asr", "text", "image", "speaker")
# Instruction-set extensions that decide which kernels ONNX Runtime, CTranslate2 and torch
# pick, and so can change results in the last bits (issue 14).
SIMD_PREFIXES = ("sse", "ssse3", "avx", "fma", "f16c", "amx", "vnni", "bf16")
PACKAGES = (
    "torch", "ctranslate2", "faster-whisper", "onnxruntime", "piper-tts", "transformers",
    "diffusers", "sentence-transformers", "numpy", "jiwer",
)  # fmt: skip


class Provenance(BaseModel):
    """Where, when and from what the run was measured."""

    model_config = ConfigDict(extra="forbid")

    commit: str
    code_changed: bool | None = None  # tracked code differed from `commit` (None: unknown)
    machine: str  # CPU model and cores, GPU
    cpu_flags: list[str] = Field(default_factory=list)
    load_avg: list[float] = Field(default_factory=list)  # 1, 5, 15 minutes, at the end
    launcher: str = ""  # dvc, hydra; with the DVC experiment or SLURM job below
    dvc_exp: str | None = None
    slurm_job: str | None = None
    python: str = ""
    packages: dict[str, str] = Field(default_factory=dict)


class RunRecord(BaseModel):
    """One run. `metrics`: the metrics files as written (`asr`, `text`, `gen`, `latency`,
    `speaker`), intervals included; `config`: the composed config (without `tracking`);
    `items`: per step, the compact item rows (`evaluation.figures.record_row`) the report's
    paired tests read; a text row's `slots` lists [matched, predicted, gold] in `slots` order."""

    model_config = ConfigDict(extra="forbid")

    format: int = FORMAT
    id: str
    created: str  # UTC, ISO 8601: the order of records of one table row
    choices: dict[str, str]
    provenance: Provenance
    mlflow_run_id: str | None = None
    metrics: dict[str, Any]
    config: dict[str, Any] = Field(default_factory=dict)
    slots: list[str] = Field(default_factory=lambda: list(SLOTS))
    items: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)


def new_id(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def records_dir(configured: str | os.PathLike[str], root: Path) -> Path:
    """`tracking.records` (default `results/runs`); relative to the project `root`
    (`paths.project_root`), which a queued `dvc exp run` resolves back to the repository."""
    path = Path(configured).expanduser()
    return path if path.is_absolute() else root / path


def cpu_flags() -> list[str]:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags = line.split(":", 1)[1].split()
                return sorted(f for f in flags if f.startswith(SIMD_PREFIXES) or "vnni" in f)
    except OSError:
        pass
    return []


def _code_changed(cwd: Path | None) -> bool | None:
    try:
        out = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "src", "stages",
             "conf", "dvc.yaml", "data/descriptions"],
            capture_output=True, text=True, cwd=cwd, timeout=20,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return bool(out.stdout.strip()) if out.returncode == 0 else None


def package_versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def provenance(launcher: str, cwd: Path | None = None) -> Provenance:
    from voice2image.tracking import git_commit, machine

    return Provenance(
        commit=git_commit(cwd),
        code_changed=_code_changed(cwd),
        machine=machine(),
        cpu_flags=cpu_flags(),
        load_avg=[round(value, 2) for value in os.getloadavg()],
        launcher=launcher,
        dvc_exp=os.environ.get("DVC_EXP_NAME") or None,
        slurm_job=os.environ.get("SLURM_ARRAY_JOB_ID") or os.environ.get("SLURM_JOB_ID") or None,
        python=platform.python_version() or sys.version.split()[0],
        packages=package_versions(),
    )


def choices_of(config: Mapping[str, Any]) -> dict[str, str]:
    return {
        group: str(config[group]["name"])
        for group in GROUPS
        if isinstance(config.get(group), Mapping) and "name" in config[group]
    }


def item_rows(metrics_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """The compact item rows of every step whose `<step>_items.jsonl` exists."""
    items = {}
    for step in STEPS:
        path = metrics_dir / f"{step}_items.jsonl"
        if path.exists():
            items[step] = [record_row(step, row) for row in read_jsonl(path)]
    return items


def build(
    config: Mapping[str, Any],
    metrics: dict[str, Any],
    items: dict[str, list[dict[str, Any]]],
    launcher: str,
    now: datetime | None = None,
) -> RunRecord:
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    return RunRecord(
        id=new_id(now),
        created=now.isoformat().replace("+00:00", "Z"),
        choices=choices_of(config),
        provenance=provenance(launcher),
        metrics=metrics,
        config={key: value for key, value in config.items() if key != "tracking"},
        items=items,
    )


def dumps(record: RunRecord) -> str:
    """Pretty JSON, except that each item row is one line: a reviewable diff of a few hundred
    lines, not tens of thousands."""
    data = record.model_dump(mode="json")
    items = data.pop("items")
    head = json.dumps(data, indent=2, ensure_ascii=False)
    steps = []
    for step, rows in items.items():
        lines = ",\n".join(f"      {json.dumps(row, ensure_ascii=False)}" for row in rows)
        steps.append(f'    "{step}": [\n{lines}\n    ]' if rows else f'    "{step}": []')
    body = ",\n".join(steps)
    return (
        f'{head[:-2]},\n  "items": {{\n{body}\n  }}\n}}\n'
        if steps
        else (f'{head[:-2]},\n  "items": {{}}\n}}\n')
    )


def write(record: RunRecord, folder: Path) -> Path:
    path = folder / f"{record.id}.json"
    atomic_write_text(path, dumps(record))
    return path


def read(path: Path) -> RunRecord:
    """One record; a file that is no record is an error naming it."""
    try:
        return RunRecord.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, ValueError) as exc:
        first = str(exc).splitlines()[0:3]
        raise ValueError(f"{path}: not a run record ({' '.join(first)})") from None


def read_all(folder: Path) -> list[RunRecord]:
    """Every record of `folder` (none when it does not exist), oldest first."""
    if not folder.is_dir():
        return []
    records = [read(path) for path in sorted(folder.glob("*.json"))]
    return sorted(records, key=lambda r: (r.created, r.id))
