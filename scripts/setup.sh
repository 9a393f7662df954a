#!/usr/bin/env bash
# Install everything the pipeline and its tests need, into the active Python environment.
# Safe to rerun: what is already there is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(festival festvox-kallpc16k festvox-us-slt-hts festvox-ru flite espeak-ng
  sox libsndfile1 pocketsphinx-testdata git ffmpeg chromium)
if command -v apt-get >/dev/null && ! dpkg -s "${DEBIAN_PACKAGES[@]}" >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${DEBIAN_PACKAGES[@]}"
fi

PIP="python -m pip install -q --disable-pip-version-check"
# torch first and pinned: 2.13.0 is the CPU wheel here; unpinned, pip pulls CUDA packages.
$PIP torch==2.13.0
$PIP -e ".[asr,tts,text,image,sweep,serve,speaker,dev]"
# Only for its bundled two-speaker call (sample.wav + .stm + .rttm); never imported.
python -c "import importlib.util as u; assert u.find_spec('pyannote.audio')" 2>/dev/null \
  || $PIP --no-deps pyannote-audio==4.0.7

# Only its CLIP BPE vocabulary file (the real CLIP tokenizer, offline); never imported.
python -c "import importlib.util as u; assert u.find_spec('open_clip')" 2>/dev/null \
  || $PIP --no-deps open_clip_torch==3.3.0

# The repository may arrive without git metadata DVC needs (e.g. an exported tarball).
[ -d .git ] || git init -q
