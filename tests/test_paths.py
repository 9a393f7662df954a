"""Queued DVC experiments run in `<repo>/.dvc/tmp/exps/<name>/`: they must find the same
MLflow store and cache as the repository itself."""

from __future__ import annotations

from pathlib import Path

from voice2image.paths import project_root
from voice2image.tracking import tracking_uri


def test_a_queued_experiment_copy_resolves_to_the_repository(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    copy = repo / ".dvc" / "tmp" / "exps" / "tmpab12cd"
    copy.mkdir(parents=True)
    (copy / "dvc.yaml").write_text("stages: {}\n")  # the copy looks like a project too
    assert project_root(copy) == repo
    monkeypatch.chdir(copy)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    assert tracking_uri(None, project_root(Path.cwd())) == f"sqlite:///{repo / 'mlflow.db'}"


def test_configured_and_environment_stores_come_first(tmp_path, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000")
    assert tracking_uri(None, tmp_path) == "http://127.0.0.1:5000"
    assert tracking_uri("sqlite:///x.db", tmp_path) == "sqlite:///x.db"


def test_a_plain_checkout_is_its_own_root(tmp_path):
    (tmp_path / "dvc.yaml").write_text("stages: {}\n")
    (tmp_path / "src").mkdir()
    assert project_root(tmp_path / "src") == tmp_path
