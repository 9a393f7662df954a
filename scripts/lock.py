"""The project's dependency lock: make it, install it, check it (standard library only).

    python scripts/lock.py compile [--upgrade | --upgrade-package NAME ...]   # scripts/lock.sh
    python scripts/lock.py sync       # install exactly the lock into this interpreter (setup.sh)
    python scripts/lock.py check      # fail when pyproject.toml and the lock disagree (test.sh)

The lock, `requirements.lock`, is a pip-compatible requirements file with an exact version and
the hashes of every distribution of that version, for every direct and transitive package of
the extras named in `[tool.voice2image.lock]`, made by `uv pip compile`. It names no index:
uv is pointed at the indexes pip is configured with on the machine (`pip config list` and the
PIP_* variables), so a mirror or a proxy keeps working and no host name lives in the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"
DATA_ONLY_MARK = "# --- data-only: installed without their dependencies ---"


class LockError(RuntimeError):
    """A problem with the lock, said in one line for the person running setup or tests."""


def project() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))


def lock_settings(pyproject: dict) -> dict:
    try:
        return pyproject["tool"]["voice2image"]["lock"]
    except KeyError as exc:
        raise LockError(f"{PYPROJECT}: no [tool.voice2image.lock] section") from exc


BUILD_STAMP = "voice2image-build-settings.json"  # in site-packages: the settings last built with


def build_settings(pyproject: dict) -> list[str]:
    """`[tool.voice2image.build] config-settings`: `PACKAGE:KEY=VALUE` for packages built from
    source with settings of their own."""
    return list(pyproject.get("tool", {}).get("voice2image", {}).get("build", {}).get(
        "config-settings", []))  # fmt: skip


def build_args(settings: list[str], built_with: list[str] | None) -> list[str]:
    """uv arguments for `settings`; a package whose setting is not among those the environment
    was last built with (`built_with`, None: unknown) is reinstalled, so an older build with
    other settings is replaced. Reinstalling also refreshes uv's cache of the package, so it is
    asked for only then: an unchanged build is not repeated on every setup."""
    args: list[str] = []
    for setting in settings:
        args += ["--config-settings-package", setting]
        if built_with is None or setting not in built_with:
            args += ["--reinstall-package", setting.split(":", 1)[0]]
    return args


def read_build_stamp(stamp: Path) -> list[str] | None:
    try:
        loaded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return [str(x) for x in loaded] if isinstance(loaded, list) else None


def inputs_digest(pyproject: dict) -> str:
    """What the lock was made from: the dependencies, the locked extras and the lock settings."""
    meta = pyproject["project"]
    settings = lock_settings(pyproject)
    extras = meta.get("optional-dependencies", {})
    inputs = {
        "requires-python": meta.get("requires-python"),
        "dependencies": meta.get("dependencies", []),
        "extras": {name: extras.get(name) for name in settings["extras"]},
        "lock": settings,
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def pip_settings() -> dict[str, str]:
    """pip's effective index settings on this machine: config files, then PIP_* variables."""
    wanted = ("index-url", "extra-index-url", "find-links", "cert")
    found: dict[str, str] = {}
    listing = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True
    ).stdout
    rank = {"global": 0, "install": 1, "site": 2, "user": 2, ":env:": 3}
    best: dict[str, int] = {}
    for line in listing.splitlines():
        match = re.fullmatch(r"(?P<section>[^.]+|:env:)\.(?P<key>[\w-]+)='(?P<value>.*)'", line)
        if not match or match["key"] not in wanted:
            continue
        level = rank.get(match["section"], 0)
        if level >= best.get(match["key"], -1):
            found[match["key"]], best[match["key"]] = match["value"], level
    for key in wanted:
        env = os.environ.get("PIP_" + key.upper().replace("-", "_"))
        if env:
            found[key] = env
    return found


def uv_index_args() -> tuple[list[str], dict[str, str]]:
    """uv arguments and environment that give uv the package sources pip has here."""
    pip = pip_settings()
    args = ["--index-strategy", "unsafe-best-match"]  # pip's rule: best version over all indexes
    if pip.get("index-url"):
        args += ["--index-url", pip["index-url"]]
    for url in pip.get("extra-index-url", "").split():
        args += ["--extra-index-url", url]
    for place in pip.get("find-links", "").split():
        args += ["--find-links", place]
    env = dict(os.environ)
    if pip.get("cert"):
        env.setdefault("SSL_CERT_FILE", pip["cert"])
    return args, env


def uv() -> list[str]:
    return [sys.executable, "-m", "uv"]


def run(cmd: list[str], env: dict[str, str] | None = None, **kwargs: object) -> str:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise LockError(f"{' '.join(cmd[:4])} ... failed:\n{done.stderr.strip()}")
    return str(done.stdout)


def compile_lock(upgrade: bool, upgrade_packages: list[str]) -> None:
    pyproject = project()
    settings = lock_settings(pyproject)
    index_args, env = uv_index_args()
    common = [
        "--generate-hashes",
        "--no-header",
        "--no-emit-index-url",
        "--no-emit-find-links",
        "--python-version",
        settings["python"],
        "--quiet",
        *index_args,
    ]
    if upgrade:
        common.append("--upgrade")
    for name in upgrade_packages:
        common += ["--upgrade-package", name]
    overrides = ROOT / ".lock-overrides.txt"
    data_only = ROOT / ".lock-data-only.txt"
    main_out = ROOT / ".lock-main.txt"
    data_out = ROOT / ".lock-data.txt"
    try:
        overrides.write_text("\n".join(settings.get("overrides", [])) + "\n")
        data_only.write_text("\n".join(settings.get("data-only", [])) + "\n")
        if LOCK.exists():  # earlier pins are uv's preferences: only what must move, moves
            main_text, _, data_text = LOCK.read_text().partition(DATA_ONLY_MARK)
            main_out.write_text(main_text)
            data_out.write_text(data_text)
        extras = [arg for name in settings["extras"] for arg in ("--extra", name)]
        run(
            [*uv(), "pip", "compile", str(PYPROJECT), *extras, "--override", str(overrides),
             *common, "-o", str(main_out)],
            env=env, cwd=ROOT,
        )  # fmt: skip
        run(
            [*uv(), "pip", "compile", str(data_only), "--no-deps", *common, "-o", str(data_out)],
            env=env, cwd=ROOT,
        )  # fmt: skip
        version = run([*uv(), "--version"]).split()[1]
        header = [
            "# requirements.lock: the exact environment of the setup, CI and experiments.",
            f"# Made by `bash scripts/lock.sh` with uv {version} from pyproject.toml",
            "# ([tool.voice2image.lock]); installed by scripts/setup.sh. Do not edit by hand.",
            f"# python: {settings['python']}",
            f"# inputs-sha256: {inputs_digest(pyproject)}",
            "",
        ]
        text = "\n".join(header) + main_out.read_text().rstrip() + "\n\n"
        text += DATA_ONLY_MARK + "\n" + data_out.read_text().strip() + "\n"
        tmp = LOCK.with_suffix(".lock.tmp")
        tmp.write_text(text)
        tmp.replace(LOCK)
    finally:
        for scratch in (overrides, data_only, main_out, data_out):
            scratch.unlink(missing_ok=True)
    print(f"wrote {LOCK.relative_to(ROOT)}: {len(pins(LOCK.read_text()))} packages")


def pins(text: str) -> dict[str, str]:
    """Normalised package name -> pinned version, from the lock's `name==version` lines."""
    found = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def header_value(text: str, key: str) -> str | None:
    match = re.search(rf"^# {key}: (\S+)", text, re.M)
    return match[1] if match else None


def check_python(text: str) -> None:
    wanted = header_value(text, "python")
    have = f"{sys.version_info.major}.{sys.version_info.minor}"
    if wanted != have:
        raise LockError(
            f"{LOCK.name} was made for Python {wanted}, this is Python {have} ({sys.executable}): "
            f"use Python {wanted} (e.g. `pyenv shell {wanted}` or a venv made with it)"
        )


def check() -> None:
    """Fail when pyproject.toml changed since the lock was made, or the lock breaks a range."""
    if not LOCK.exists():
        raise LockError(f"{LOCK.name} is missing: run `bash scripts/lock.sh`")
    text = LOCK.read_text()
    pyproject = project()
    if header_value(text, "inputs-sha256") != inputs_digest(pyproject):
        raise LockError(
            f"pyproject.toml changed since {LOCK.name} was made (its dependencies, locked extras "
            "or [tool.voice2image.lock]): run `bash scripts/lock.sh` and commit the lock"
        )
    problems = unmet_requirements(pyproject, pins(text))
    if problems:
        raise LockError(f"{LOCK.name} disagrees with pyproject.toml: " + "; ".join(problems))
    print(f"{LOCK.name} matches pyproject.toml ({len(pins(text))} packages)")


def unmet_requirements(pyproject: dict, pinned: dict[str, str]) -> list[str]:
    """Each requirement of the locked extras that the pinned version does not satisfy."""
    try:
        from packaging.requirements import Requirement
    except ImportError:  # before setup: the digest above is the check
        return []
    settings = lock_settings(pyproject)
    meta = pyproject["project"]
    wanted = list(meta.get("dependencies", []))
    for name in settings["extras"]:
        wanted += meta.get("optional-dependencies", {}).get(name, [])
    wanted += settings.get("overrides", []) + settings.get("data-only", [])
    problems = []
    for spec in wanted:
        req = Requirement(spec)
        if req.marker and not req.marker.evaluate({"extra": ""}):
            continue
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        version = pinned.get(name)
        if version is None:
            problems.append(f"{req.name} is not in the lock")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req.name}=={version} does not satisfy '{spec}'")
    return problems


def ensure_uv(text: str) -> None:
    """The lock's own uv, installed by pip with the lock's hashes, unless it is already here."""
    block = re.search(r"^uv==(\S+) \\\n(?:[ \t]+--hash=\S+(?: \\)?\n)+", text, re.M)
    if block is None:
        raise LockError(f"{LOCK.name} pins no uv: add uv to the dev extra and run scripts/lock.sh")
    try:
        from importlib.metadata import PackageNotFoundError, version

        if version("uv") == block[1]:
            return
    except PackageNotFoundError:
        pass
    pinned = ROOT / ".lock-uv.txt"
    try:
        pinned.write_text(block[0])
        pip = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        run([*pip, "--no-deps", "--require-hashes", "-r", str(pinned)])
    finally:
        pinned.unlink(missing_ok=True)


def sync() -> None:
    """Install exactly the lock, then the project itself (editable, no dependencies)."""
    text = LOCK.read_text()
    check_python(text)
    ensure_uv(text)
    if header_value(text, "inputs-sha256") != inputs_digest(project()):
        raise LockError(
            f"pyproject.toml changed since {LOCK.name} was made: run `bash scripts/lock.sh`"
        )
    index_args, env = uv_index_args()
    target = ["--python", sys.executable]
    settings = build_settings(project())
    stamp = Path(sysconfig.get_paths()["purelib"]) / BUILD_STAMP
    build = build_args(settings, read_build_stamp(stamp))
    run(
        [*uv(), "pip", "sync", *target, "--require-hashes", *index_args, *build, str(LOCK)],
        env=env,
    )
    stamp.write_text(json.dumps(settings) + "\n", encoding="utf-8")
    run(
        [*uv(), "pip", "install", *target, "--no-deps", "--no-build-isolation", "-e", str(ROOT)],
        env=env,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("compile", help="write requirements.lock from pyproject.toml")
    make.add_argument("--upgrade", action="store_true", help="move every pin to the newest")
    make.add_argument("--upgrade-package", action="append", default=[], metavar="NAME")
    sub.add_parser("sync", help="install exactly the lock into this interpreter")
    sub.add_parser("check", help="fail when pyproject.toml and the lock disagree")
    args = parser.parse_args()
    try:
        if args.command == "compile":
            compile_lock(args.upgrade, args.upgrade_package)
        elif args.command == "sync":
            sync()
        else:
            check()
    except LockError as exc:
        print(f"lock: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
