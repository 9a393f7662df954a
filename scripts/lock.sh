#!/usr/bin/env bash
# Update requirements.lock from pyproject.toml (docs/dependencies.md). Unchanged pins stay as
# they are; pass --upgrade to move every package to its newest allowed release, or
# --upgrade-package NAME for one. Needs the network (the indexes pip is configured with).
#
#   bash scripts/lock.sh                         # after editing dependencies in pyproject.toml
#   bash scripts/lock.sh --upgrade               # the monthly refresh: then run scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python -c "import uv" 2>/dev/null || python -m pip install -q "uv>=0.9,<1"
python scripts/lock.py compile "$@"
