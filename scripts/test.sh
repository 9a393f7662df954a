#!/usr/bin/env bash
# Set up, then lint, type-check and run every test (slow ones included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ruff check src stages tests
ruff format --check src stages tests
mypy
python -m pytest -m "slow or not slow" "$@"
