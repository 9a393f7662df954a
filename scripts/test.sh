#!/usr/bin/env bash
# Set up, then lint, type-check and run every test (slow ones included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
python scripts/lock.py check  # pyproject.toml and requirements.lock agree
python -m ruff check src stages tests scripts notebooks
python -m ruff format --check src stages tests scripts
python -m mypy
# PostgreSQL + MLflow on loopback for the parallel-sweep test (tests/test_sweeps.py fails, not
# skips, when V2I_TRACKING_SERVER is set and the server does not answer).
V2I_TRACKING_SERVER=$(bash scripts/start_tracking_server.sh)
[[ "$V2I_TRACKING_SERVER" =~ ^http://[^[:space:]]+$ ]] || {
  echo "start_tracking_server.sh printed no tracking URI: '$V2I_TRACKING_SERVER'" >&2; exit 1; }
export V2I_TRACKING_SERVER
# A one-node SLURM on loopback for the SLURM sweep (tests/test_slurm.py fails, not skips, when
# V2I_SLURM_CONF is set and the cluster does not answer).
V2I_SLURM_CONF=$(bash scripts/start_slurm.sh)
[ -f "$V2I_SLURM_CONF" ] || {
  echo "start_slurm.sh printed no slurm.conf: '$V2I_SLURM_CONF'" >&2; exit 1; }
export V2I_SLURM_CONF
# the slowest tests, so that a CI run near its time limit says where the time went
python -m pytest -m "slow or not slow" --durations=25 "$@"
