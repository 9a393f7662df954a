"""The plan of the whole thesis: every row of every table (`conf/experiment/*.yaml`), whether it
has a record at the current config, whether this machine can run it, and how long it may take.

A row is a grid point of an experiment with the experiment's fixed choices. It is

- `done` when a run record (`results/runs/`) has its choices and the current config of the
  sections that decide its results (`COMPARED`): the same rule as the report's rows, plus the
  config;
- `stale` when records have its choices but another config (the code's defaults moved);
- `needs` when its config names weights that are not on this machine (a hub id not in the hub
  cache, a model left `???`, a name only a downloader knows) or a GPU it lacks: listed with
  the command that fills it, never queued;
- `todo` otherwise.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from voice2image.config import fingerprint
from voice2image.report.runs import Run, from_record, load_legacy
from voice2image.results.record import RunRecord
from voice2image.sweep import Experiment, experiment_names, load_experiment

# The config sections whose values decide a run's figures; `paths`, `tracking`, `report` and
# `chunk_size` (resume granularity) do not.
COMPARED = ("dataset", "asr", "structure", "enrich", "diffusion", "hardware", "speaker", "seed",
            "audio")  # fmt: skip
# Keys that name model weights, and the values that need none (built in code from a seed).
MODEL_KEYS = ("model", "clip_model", "llm_model")
BUILT_IN = {"tiny-random"}
MISSING = "???"

Status = Literal["done", "stale", "needs", "todo"]


@dataclass(frozen=True)
class PlannedRow:
    experiment: str
    choices: dict[str, str]  # the experiment's fixed choices and the grid point
    point: dict[str, str]  # the grid point alone
    status: Status
    reason: str = ""  # what a `needs` row lacks; the record of a `done` or `stale` row
    estimate_s: float = 0.0
    basis: list[str] = field(default_factory=list)  # where each part of the estimate came from

    @property
    def command(self) -> str:
        overrides = " ".join(f"{k}={v}" for k, v in self.point.items())
        return f"python -m voice2image.sweep {self.experiment} {overrides}".strip()


# --- which rows this machine can run -------------------------------------------------------


def _hub_cached(repo_id: str) -> bool:
    try:
        from huggingface_hub.constants import HF_HUB_CACHE
    except ImportError:
        return False
    return (Path(HF_HUB_CACHE) / f"models--{repo_id.replace('/', '--')}").is_dir()


def _offline_name(name: str) -> bool:
    from voice2image.models import OFFLINE_FASTER_WHISPER, OFFLINE_VOSK

    return name in OFFLINE_FASTER_WHISPER or name in OFFLINE_VOSK


def missing_weights(value: Any) -> str | None:
    """Why the weights named by `value` are not on this machine, or None when they are: a local
    path, a packaged model (`package:<module>`, a packaged short name, an importable pipeline
    such as a spaCy model), weights built in code, or a hub id already in the hub cache."""
    if value is None or value in BUILT_IN:
        return None
    name = str(value)
    if name == MISSING:
        return "no model named"
    if Path(name).expanduser().exists():
        return None
    if name.startswith("package:"):
        module = name.removeprefix("package:")
        found = importlib.util.find_spec(module) is not None
        return None if found else f"package {module} not installed"
    if _offline_name(name.removeprefix("offline:")):
        return None
    if "/" in name:  # a hub id, maybe with a file (`owner/repo:file.gguf`)
        repo = name.split(":", 1)[0]
        return None if _hub_cached(repo) else f"{name} from a model hub"
    if name.isidentifier() and importlib.util.find_spec(name) is not None:
        return None
    return f"'{name}', which its library downloads"


def _model_values(tree: Any, prefix: str, uses_tiny_vae: bool) -> Iterable[tuple[str, Any]]:
    if not isinstance(tree, Mapping):
        return
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            yield from _model_values(value, path, uses_tiny_vae)
        elif key in MODEL_KEYS or (key == "tiny_vae_model" and uses_tiny_vae):
            yield path, value


def cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


def requirements(config: Mapping[str, Any], has_gpu: Callable[[], bool]) -> list[str]:
    """What the composed `config` needs that this machine lacks, one line each ([] when it
    runs here): weights by config key, and a GPU."""
    lacking = []
    hardware = config.get("hardware") or {}
    uses_tiny_vae = bool(hardware.get("tiny_vae"))
    for section in COMPARED:
        for key, value in _model_values(config.get(section), section, uses_tiny_vae):
            why = missing_weights(value)
            if why:
                lacking.append(f"{key}: {why}")
    if str(hardware.get("device", "cpu")).startswith("cuda") and not has_gpu():
        lacking.append("hardware.device: a CUDA GPU")
    return lacking


# --- matching records ----------------------------------------------------------------------


def _relative(tree: Any, root: str) -> Any:
    """Paths under the project root written as relative ones (the Hydra app writes absolute
    paths into some sections, DVC relative ones)."""
    if isinstance(tree, Mapping):
        return {k: _relative(v, root) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_relative(v, root) for v in tree]
    if isinstance(tree, str) and tree.startswith(root):
        return tree[len(root) :]
    return tree


def config_key(config: Mapping[str, Any], root: Path) -> str:
    """The fingerprint of the sections that decide a run's figures."""
    prefix = f"{root.resolve()}{os.sep}"
    return fingerprint({s: _relative(config.get(s), prefix) for s in COMPARED})


def matching(records: Iterable[RunRecord], choices: Mapping[str, str]) -> list[RunRecord]:
    """The records of a row: every one of its choices equal (as the report picks rows)."""
    return [r for r in records if all(r.choices.get(g) == v for g, v in choices.items())]


# --- estimates -----------------------------------------------------------------------------

# Seconds per clip of each stage when no run of the same choice and data set says better
# (a 2-core CPU, tiny.en-class ASR, rule-based structuring, the tiny diffusion backend), and
# the per-run rest: processes, model loads, enrolment, evaluation and tracking (measured: a
# smoke-set row of the speakers table, 9 clips, took 9-14 min at a load average of 6-7 on 2
# cores, nearly all of it that rest).
DEFAULT_PER_ITEM_S = {"transcribe": 1.0, "structure": 0.05, "enrich": 0.05, "generate": 1.5,
                      "speaker": 0.3}  # fmt: skip
DEFAULT_OVERHEAD_S = 420.0


def _first(metrics: Mapping[str, float], *keys: str) -> float | None:
    return next((metrics[k] for k in keys if k in metrics), None)


def _per_item(metrics: Mapping[str, float], stage: str, items: int) -> float | None:
    value = _first(metrics, f"text/{stage}_latency/mean_s", f"text/{stage}_latency/p50_s")
    return None if value is None else value * items


def _transcribe(metrics: Mapping[str, float], items: int, audio_s: float | None) -> float | None:
    wall = metrics.get("asr/stage/wall_s")
    ratio = metrics.get("asr/stage/wall_over_audio")
    if wall is None and ratio is not None and audio_s:
        wall = ratio * audio_s  # a row published with the ratio alone
    return wall


def _generate(metrics: Mapping[str, float], items: int) -> float | None:
    per_image = metrics.get("latency/generate_s")
    if per_image is None:
        return None
    return per_image * items + metrics.get("latency/generate_load_s", 0.0)


def _speaker(metrics: Mapping[str, float], items: int) -> float | None:
    median = metrics.get("speaker/latency/median_s")
    return None if median is None else median * items


# stage -> the choices its time depends on
STAGE_GROUPS = {"transcribe": ("asr",), "structure": ("structure",), "enrich": ("enrich",),
                "generate": ("diffusion", "hardware"), "speaker": ("speaker",)}  # fmt: skip


@dataclass(frozen=True)
class Size:
    """A data set's clips (from a run of it, else counted from its config) and audio seconds."""

    items: int
    audio_s: float | None
    counted: bool  # True: from the config (synthetic clips plus one per real corpus)


def size_of(dataset: str, runs: Sequence[Run], config: Mapping[str, Any]) -> Size:
    for run in newest_first(runs):
        if run.choices.get("dataset") == dataset and run.metrics.get("asr/items"):
            return Size(int(run.metrics["asr/items"]), run.metrics.get("asr/stage/audio_s"), False)
    return Size(clip_count(config.get("dataset") or {}), None, True)


def clip_count(dataset: Mapping[str, Any]) -> int:
    """Synthetic clips (descriptions, `limit`, voices per language) plus one per real-speech
    corpus (a lower bound: a corpus holds one clip or more); 0 for a folder data set."""
    from omegaconf import OmegaConf

    from voice2image.descriptions import load_by_split
    from voice2image.pipeline.prepare import _select

    try:
        descriptions = _select(
            load_by_split(OmegaConf.create(list(dataset.get("descriptions") or []))),
            dataset.get("limit"),
        )
    except (OSError, ValueError):
        descriptions = []
    voices = {lang: len(v or {}) for lang, v in (dataset.get("voices") or {}).items()}
    synthetic = sum(voices.get(d.language, 0) for _, d in descriptions)
    return synthetic + len(dataset.get("real_speech") or [])


def newest_first(runs: Iterable[Run]) -> list[Run]:
    """Records newest first, then the rows published without one."""
    return sorted(runs, key=lambda run: (run.has_record, run.created, run.run_id), reverse=True)


def estimate(
    choices: Mapping[str, str], runs: Sequence[Run], size: Size
) -> tuple[float, list[str]]:
    """Seconds for one run of `choices`: per stage, the newest run (record, else published row)
    of the same data set and the stage's choices, else the stage's default per clip; plus the
    fixed per-run rest. The basis names, per stage, the run or the default used."""
    dataset, items = choices.get("dataset"), size.items
    total, basis = DEFAULT_OVERHEAD_S, [f"rest {DEFAULT_OVERHEAD_S:.0f} s (default)"]
    if size.counted:
        basis.append(f"{items} clips counted from the config (no run of the data set yet)")
    ordered = newest_first(runs)
    for stage, groups in STAGE_GROUPS.items():
        wanted = {g: choices[g] for g in groups if g in choices}
        found = None
        for run in ordered:
            if run.choices.get("dataset") != dataset:
                continue
            if any(run.choices.get(g) != v for g, v in wanted.items()):
                continue
            found = _stage_seconds(stage, run.metrics, items, size.audio_s)
            if found is not None:
                basis.append(f"{stage} {found:.0f} s (run {run.short_id})")
                break
        if found is None:
            found = DEFAULT_PER_ITEM_S[stage] * items
            basis.append(f"{stage} {found:.0f} s (default {DEFAULT_PER_ITEM_S[stage]} s x {items})")
        total += found
    return total, basis


def _stage_seconds(
    stage: str, metrics: Mapping[str, float], items: int, audio_s: float | None
) -> float | None:
    if stage == "transcribe":
        return _transcribe(metrics, items, audio_s)
    if stage == "generate":
        return _generate(metrics, items)
    if stage == "speaker":
        return _speaker(metrics, items)
    return _per_item(metrics, stage, items)


# --- the plan ------------------------------------------------------------------------------


def build_plan(
    conf_dir: Path,
    records: Sequence[RunRecord],
    compose: Callable[[list[str]], Mapping[str, Any]],
    root: Path,
    experiments: Sequence[str] | None = None,
    overrides: Sequence[str] = (),
    has_gpu: Callable[[], bool] = cuda_available,
    legacy_dir: Path | None = None,
) -> list[PlannedRow]:
    """Every row of the named experiments (all by default), in file and grid order. `compose`
    turns overrides into the resolved config a run of them would have (as a plain mapping);
    `overrides` apply to every experiment (`dataset=smoke`) as they do for the sweep CLI;
    `legacy_dir`: rows published without a record, whose timings the estimate may use."""
    names = list(experiments or experiment_names(conf_dir))
    records = sorted(records, key=lambda r: (r.created, r.id))
    runs = [from_record(r) for r in records]
    if legacy_dir is not None:
        for name in experiment_names(conf_dir):
            runs += load_legacy(legacy_dir, name)
    plan = []
    for name in names:
        experiment: Experiment = load_experiment(name, conf_dir).with_overrides(overrides)
        for point in experiment.points():
            choices = {**experiment.fixed, **point}
            config = compose([f"experiment={name}", *_as_overrides(choices)])
            plan.append(_row(name, choices, point, config, records, runs, root, has_gpu))
    return plan


def _as_overrides(choices: Mapping[str, str]) -> list[str]:
    return [f"{key}={value}" for key, value in choices.items()]


def _row(
    name: str,
    choices: dict[str, str],
    point: dict[str, str],
    config: Mapping[str, Any],
    records: Sequence[RunRecord],
    runs: Sequence[Run],
    root: Path,
    has_gpu: Callable[[], bool],
) -> PlannedRow:
    # Choices of groups only: a fixed `dataset.limit=1` is config, not a record's choice.
    named = {k: v for k, v in choices.items() if "." not in k}
    found = matching(records, named)
    wanted = config_key(config, root)
    current = [r for r in found if config_key(r.config, root) == wanted]
    seconds, basis = estimate(named, runs, size_of(named.get("dataset", ""), runs, config))
    if current:
        return PlannedRow(name, choices, point, "done", current[-1].id, seconds, basis)
    lacking = requirements(config, has_gpu)
    if lacking:
        return PlannedRow(name, choices, point, "needs", "; ".join(lacking), seconds, basis)
    if found:
        why = f"records at another config ({', '.join(r.id for r in found)})"
        return PlannedRow(name, choices, point, "stale", why, seconds, basis)
    return PlannedRow(name, choices, point, "todo", "", seconds, basis)
