"""`voice2image thesis`: which rows are done (a record at the current config), stale, missing
weights or to run; the time estimate from past records; the queue commands."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from voice2image.config import CONF_DIR
from voice2image.results.record import Provenance, RunRecord, read_all, write
from voice2image.thesis.cli import (
    describe,
    duration,
    queue_commands,
    to_run,
    unfinished,
    wall_estimate,
)
from voice2image.thesis.plan import DEFAULT_OVERHEAD_S, build_plan, missing_weights

EXPERIMENT = """# @package _global_
defaults:
  - override /dataset: demo

hydra:
  sweeper:
    params:
      asr: fast,slow,hub,gpu
"""


def fake_compose(overrides: list[str]) -> dict[str, Any]:
    """The resolved config a run of `overrides` would have: each group's section names its
    choice; `hub` names weights from a hub, `gpu` a CUDA device, `seed=` moves the config."""
    chosen = dict(o.split("=", 1) for o in overrides)
    asr = chosen.get("asr", "fast")
    return {
        "dataset": {"name": chosen.get("dataset", "demo"), "voices": {}, "descriptions": []},
        "asr": {"name": asr, "model": "nobody/never-published-v0" if asr == "hub" else None},
        "hardware": {"name": "cpu", "device": "cuda" if asr == "gpu" else "cpu"},
        "seed": int(chosen.get("seed", 0)),
        "paths": {"prepared": "/anywhere/data/prepared"},  # not compared
    }


def make_record(
    folder: Path, when: str, choices: dict[str, str], config: Mapping[str, Any], wall: float
) -> RunRecord:
    record = RunRecord(
        id=f"2026120{when}T000000Z-{abs(hash(when)) % 10**8:08d}",
        created=f"2026-12-0{when}T00:00:00Z",
        choices=choices,
        provenance=Provenance(commit="abc", machine="test"),
        metrics={"asr": {"items": 10, "stage": {"wall_s": wall, "audio_s": 50.0}}},
        config=dict(config),
    )
    write(record, folder)
    return record


def status_by_asr(plan: list[Any]) -> dict[str, str]:
    """The plan's status of each row of the `tbl` experiment, by its `asr` choice."""
    return {row.point["asr"]: row.status for row in plan}


@pytest.fixture
def conf_dir(tmp_path: Path) -> Path:
    (tmp_path / "conf" / "experiment").mkdir(parents=True)
    (tmp_path / "conf" / "experiment" / "tbl.yaml").write_text(EXPERIMENT)
    return tmp_path / "conf"


def test_rows_are_done_stale_needs_or_todo(conf_dir: Path, tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    current = fake_compose(["experiment=tbl", "dataset=demo", "asr=fast"])
    make_record(runs, "1", {"dataset": "demo", "asr": "fast"}, current, wall=100.0)
    older = fake_compose(["dataset=demo", "asr=slow", "seed=1"])  # the defaults moved since
    make_record(runs, "2", {"dataset": "demo", "asr": "slow"}, older, wall=300.0)
    plan = build_plan(conf_dir, read_all(runs), fake_compose, tmp_path, has_gpu=lambda: False)
    status = status_by_asr(plan)
    assert status == {"fast": "done", "slow": "stale", "hub": "needs", "gpu": "needs"}
    by = {row.point["asr"]: row for row in plan}
    assert "nobody/never-published-v0 from a model hub" in by["hub"].reason
    assert by["gpu"].reason == "hardware.device: a CUDA GPU"
    assert by["hub"].command == "python -m voice2image.sweep tbl asr=hub"
    # Resumable: the done row is never queued; stale rows only when asked.
    assert [r.point["asr"] for r in to_run(plan, rerun_stale=True)] == ["slow"]
    assert to_run(plan, rerun_stale=False) == []
    # With a GPU the gpu row runs.
    plan = build_plan(conf_dir, read_all(runs), fake_compose, tmp_path, has_gpu=lambda: True)
    assert status_by_asr(plan)["gpu"] == "todo"


def test_a_record_made_by_the_hydra_app_with_absolute_paths_still_matches(
    conf_dir: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    config = fake_compose(["dataset=demo", "asr=fast"])
    config["dataset"]["descriptions"] = [{"path": "data/descriptions/dev/en.yaml"}]
    absolute = {**config, "dataset": {**config["dataset"], "descriptions": [
        {"path": f"{tmp_path.resolve()}/data/descriptions/dev/en.yaml"}]}}  # fmt: skip
    make_record(runs, "1", {"dataset": "demo", "asr": "fast"}, absolute, wall=1.0)

    def compose(overrides: list[str]) -> dict[str, Any]:
        made = fake_compose(overrides)
        made["dataset"]["descriptions"] = config["dataset"]["descriptions"]
        return made

    plan = build_plan(conf_dir, read_all(runs), compose, tmp_path, has_gpu=lambda: False)
    assert status_by_asr(plan)["fast"] == "done"


def test_estimate_uses_the_newest_record_of_the_stage_choice_else_defaults(
    conf_dir: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    config = fake_compose(["dataset=demo", "asr=slow", "seed=1"])
    make_record(runs, "1", {"dataset": "demo", "asr": "slow"}, config, wall=900.0)
    make_record(runs, "2", {"dataset": "demo", "asr": "slow"}, config, wall=300.0)
    plan = build_plan(conf_dir, read_all(runs), fake_compose, tmp_path, has_gpu=lambda: False)
    by = {row.point["asr"]: row for row in plan}
    slow, fast = by["slow"], by["fast"]
    # transcribe from the newest record (300 s), the other stages by default for its 10 clips
    assert any(b.startswith("transcribe 300 s (run ") for b in slow.basis)
    assert "transcribe 10 s (default 1.0 s x 10)" in fast.basis
    defaults = 10 * (0.05 + 0.05 + 1.5 + 0.3)
    assert slow.estimate_s == pytest.approx(DEFAULT_OVERHEAD_S + 300 + defaults)
    rows = to_run(plan, rerun_stale=True)
    assert wall_estimate(rows, jobs=4, cores=2) == pytest.approx(
        sum(r.estimate_s for r in rows) / 2
    )
    text = describe(plan, True, 2, 2)
    assert "4 rows: 0 done, 2 to run, 2 need weights or a GPU, 1 at another config" in text
    assert "needs  asr=hub" in text and "python -m voice2image.sweep tbl asr=hub" in text
    assert duration(3725) == "1 h 02 min"


def test_queue_commands_and_queue_status() -> None:
    from voice2image.thesis.plan import PlannedRow

    row = PlannedRow("tbl", {"dataset": "smoke", "asr": "slow"}, {"asr": "slow"}, "todo")
    assert queue_commands([row]) == [
        ["dvc", "exp", "run", "--queue", "-S", "experiment=tbl", "-S", "dataset=smoke",
         "-S", "asr=slow"]
    ]  # fmt: skip
    status = (
        "Task     Name        Created    Status\n"
        "1a2b3c   exp-1       10:00 AM   Running\n"
        "4d5e6f   exp-2       10:00 AM   Queued\n"
        "7a8b9c   exp-3       09:00 AM   Success\n"
    )
    assert unfinished(status) == 2
    assert unfinished("No experiment tasks in the queue.\n") == 0


def test_missing_weights_classifies_model_names() -> None:
    assert missing_weights(None) is None
    assert missing_weights("tiny-random") is None
    assert missing_weights("package:voice2image") is None
    assert (
        missing_weights("package:no_such_module_here")
        == "package no_such_module_here not installed"
    )
    assert missing_weights("???") == "no model named"
    assert missing_weights("nobody/never-published-v0:x.gguf") == (
        "nobody/never-published-v0:x.gguf from a model hub"
    )
    assert missing_weights("tiny") == "'tiny', which its library downloads"
    assert missing_weights(str(CONF_DIR)) is None  # a local path


def test_the_real_speakers_table_lists_the_hub_embedder_as_needing_weights(
    tmp_path: Path,
) -> None:
    from omegaconf import OmegaConf

    from voice2image.compose import compose_config

    def compose(overrides: list[str]) -> dict[str, Any]:
        plain = OmegaConf.to_container(compose_config(overrides), resolve=True)
        assert isinstance(plain, dict)
        return {str(k): v for k, v in plain.items()}

    plan = build_plan(CONF_DIR, [], compose, tmp_path, ["speakers"], ["dataset=smoke"])
    status = {row.point["speaker"]: row.status for row in plan}
    assert status == {"dvector": "todo", "resemblyzer": "todo", "xvector_hub": "needs"}
    assert all(row.choices["dataset"] == "smoke" for row in plan)


def test_command_line_keeps_overrides_apart_from_the_experiments() -> None:
    import argparse

    from voice2image.thesis.cli import add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_intermixed_args(["--experiments", "speakers,enrichment", "dataset=smoke"])
    assert args.experiments == ["speakers", "enrichment"]
    assert args.overrides == ["dataset=smoke"]
