"""Each DVC stage's `deps` cover every project file its code imports, so editing shared code
reruns the stages that use it (`dvc repro` would otherwise say "up to date" after a change that
alters results). The import closure is read statically: every `import voice2image...` in the
stage script and, transitively, in the modules it reaches, function-level imports included
(imports under `if TYPE_CHECKING:` never run, so they do not count)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def module_file(name: str) -> Path | None:
    """The source file of a voice2image module (a package's __init__.py), or None."""
    base = SRC / Path(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under `if TYPE_CHECKING:`."""
    nodes: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        nodes.append(node)
        for child in ast.iter_child_nodes(node):
            test = child.test if isinstance(child, ast.If) else None
            if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
                todo.extend(child.orelse)  # type: ignore[union-attr]
                continue
            todo.append(child)
    return nodes


def imported_modules(path: Path) -> set[str]:
    """voice2image modules `path` imports, with the packages on the way (importing
    `a.b.c` runs `a/__init__.py` and `a/b/__init__.py` too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(SRC).with_suffix("").parts) if SRC in path.parents else ""
    if path.name == "__init__.py":
        package = package.rsplit(".", 1)[0] if package.endswith(".__init__") else package
    names: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package
                parts = package.split(".")
                if path.name != "__init__.py":
                    parts = parts[:-1]
                base = ".".join(parts[: len(parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    found: set[str] = set()
    for name in names:
        if name.split(".")[0] != "voice2image":
            continue
        parts = name.split(".")
        found.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return {name for name in found if module_file(name) is not None}


def closure(script: Path) -> set[Path]:
    files: set[Path] = set()
    todo = [script]
    while todo:
        path = todo.pop()
        for name in imported_modules(path):
            target = module_file(name)
            assert target is not None
            if target not in files:
                files.add(target)
                todo.append(target)
    return files


def covered(path: Path, deps: list[str]) -> bool:
    relative = path.relative_to(ROOT).as_posix()
    return any(relative == dep or relative.startswith(dep.rstrip("/") + "/") for dep in deps)


STAGES = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_stage_deps_cover_its_import_closure(stage):
    spec = STAGES[stage]
    script = ROOT / "stages" / f"{stage}.py"
    assert script.is_file(), f"stage '{stage}' has no stages/{stage}.py"
    deps = [str(dep) for dep in spec.get("deps", [])]
    missing = sorted(
        path.relative_to(ROOT).as_posix() for path in closure(script) if not covered(path, deps)
    )
    assert not missing, f"dvc.yaml stage '{stage}' imports files its deps do not list: {missing}"


def test_the_check_sees_a_new_import(tmp_path):
    """The drift check itself: a stage script that imports one more module needs that file."""
    script = tmp_path / "stage.py"
    script.write_text("from voice2image.pipeline import report\nimport voice2image.sweep\n")
    found = {p.relative_to(ROOT).as_posix() for p in closure(script)}
    assert "src/voice2image/sweep.py" in found
    assert "src/voice2image/pipeline/report.py" in found
    assert not covered(SRC / "voice2image" / "sweep.py", ["src/voice2image/pipeline"])
