"""The dependency lock agrees with pyproject.toml, and the check notices when it does not."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The three files the lock check reads, in a scratch checkout."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "lock.py", tmp_path / "scripts" / "lock.py")
    for name in ("pyproject.toml", "requirements.lock"):
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path


def check(root: Path) -> subprocess.CompletedProcess[str]:
    script = root / "scripts" / "lock.py"
    return subprocess.run([sys.executable, str(script), "check"], capture_output=True, text=True)


def test_committed_lock_matches_pyproject(checkout: Path) -> None:
    done = check(checkout)
    assert done.returncode == 0, done.stderr
    assert "matches pyproject.toml" in done.stdout


def test_a_new_dependency_without_relocking_fails(checkout: Path) -> None:
    pyproject = checkout / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace('"tqdm>=4.66,<5",', '"tqdm>=4.66,<5",\n  "rich>=13",', 1))
    done = check(checkout)
    assert done.returncode == 2
    assert "pyproject.toml changed since requirements.lock was made" in done.stderr
    assert "scripts/lock.sh" in done.stderr


def test_a_pin_outside_the_declared_range_fails(checkout: Path) -> None:
    lock = checkout / "requirements.lock"
    text = lock.read_text()
    pinned = next(line for line in text.splitlines() if line.startswith("tqdm=="))
    lock.write_text(text.replace(pinned, "tqdm==3.0.0 \\", 1))
    done = check(checkout)
    assert done.returncode == 2
    assert "tqdm==3.0.0 does not satisfy 'tqdm>=4.66,<5'" in done.stderr


def test_every_package_is_pinned_with_hashes() -> None:
    lines = (REPO / "requirements.lock").read_text().splitlines()
    pins = [i for i, line in enumerate(lines) if "==" in line and not line.startswith("#")]
    assert len(pins) > 300
    for i in pins:
        assert lines[i].endswith("\\") and "--hash=sha256:" in lines[i + 1], lines[i]
    assert "torch==2.13.0+cpu \\" in lines  # the CPU build, never PyPI's CUDA one
    assert not any(line.startswith("nvidia-") for line in lines)
    assert not any("://" in line for line in lines), "the lock names no index or host"


def test_llama_cpp_is_built_for_a_portable_instruction_set(load_script) -> None:
    """A native llama.cpp build picks AMX kernels on AMX Xeons, which crash in a VM without AMX
    tile state; the project's build settings reach uv, with a reinstall for older builds."""
    import tomllib

    lock = load_script("lock")
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    settings = lock.build_settings(pyproject)
    assert settings == ["llama-cpp-python:cmake.define.GGML_NATIVE=OFF"]
    # Reinstalled (rebuilt) only where the environment's stamp lacks the setting.
    setting = ["--config-settings-package", settings[0]]
    assert lock.build_args(settings, None) == [*setting, "--reinstall-package", "llama-cpp-python"]
    assert lock.build_args(settings, ["llama-cpp-python:cmake.define.GGML_NATIVE=ON"]) == [
        *setting, "--reinstall-package", "llama-cpp-python",
    ]  # fmt: skip
    assert lock.build_args(settings, settings) == setting
    assert lock.build_settings({"project": {}}) == []
