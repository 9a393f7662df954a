#!/usr/bin/env bash
# Install everything the pipeline and its tests need, into the active Python environment.
# Safe to rerun: what already matches is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(festival festvox-kallpc16k festvox-us-slt-hts festvox-ru flite espeak-ng
  sox libsndfile1 pocketsphinx-testdata git ffmpeg chromium)
# Data-only packages, installed without their recommends (wordnet-base would pull the WordNet
# browser and Tk): WordNet 3.0 for `structure=syntax` (/usr/share/wordnet); the Mueller
# English-Russian dictionary, read backwards by the Russian translator (/usr/share/dictd).
DEBIAN_DATA_PACKAGES=(wordnet-base mueller7-dict)
# Installed means "install ok installed": `dpkg -s` also succeeds for a package removed but
# not purged, whose files are gone.
installed() {
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || return 1
  done
}
if command -v apt-get >/dev/null \
  && ! installed "${DEBIAN_PACKAGES[@]}" "${DEBIAN_DATA_PACKAGES[@]}"; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${DEBIAN_PACKAGES[@]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    "${DEBIAN_DATA_PACKAGES[@]}"
fi

# Exactly the lock (requirements.lock: every package pinned, with hashes; docs/dependencies.md),
# installed by uv from the indexes pip is configured with here. Packages the lock does not name
# are removed from this environment, so two machines end up with the same one.
python scripts/lock.py sync
# uv does not run pyenv's rehash hook as pip does: without new shims, a pyenv interpreter's fresh
# console scripts (dvc, ruff, mlflow) are "command not found".
if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi

# The repository may arrive without git metadata DVC needs (e.g. an exported tarball).
[ -d .git ] || git init -q
