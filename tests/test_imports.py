"""Light imports: the speakers CLI and the services' request and response models load without
torch (or any other model library), so they start fast and run where torch is not installed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("torch", "transformers", "diffusers", "faster_whisper", "ctranslate2", "onnxruntime")


def heavy_modules_after(code: str, cwd: Path) -> list[str]:
    """The model libraries in `sys.modules` when a fresh interpreter has run `code`."""
    report = cwd / "modules.json"
    dump = f"open({str(report)!r}, 'w').write(json.dumps(sorted(sys.modules)))"
    probe = f"import atexit, json, sys\natexit.register(lambda: {dump})\n{code}\n"
    done = subprocess.run([sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(report.read_text()))
    return [name for name in HEAVY if name in loaded]


def test_speakers_list_does_not_import_torch(tmp_path):
    code = (
        "from voice2image.cli import main\n"
        f"main(['speakers', '--registry', {str(tmp_path / 'registry.sqlite')!r}, 'list'])"
    )
    assert heavy_modules_after(code, tmp_path) == []


def test_the_service_schemas_do_not_import_torch(tmp_path):
    assert heavy_modules_after("import voice2image.services.schemas", tmp_path) == []


def test_a_backend_package_imports_its_backends_only_when_named(tmp_path):
    code = "from voice2image.generate.base import ImageGenerator\nimport voice2image.asr"
    assert heavy_modules_after(code, tmp_path) == []
