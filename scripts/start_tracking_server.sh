#!/usr/bin/env bash
# An MLflow tracking server for parallel sweeps: PostgreSQL (Debian's `postgresql` package) as
# the backend store (psycopg2, the `sweep` extra) and a directory as the artifact store, served by the server itself
# (--serve-artifacts), both on loopback. SQLite takes one writer at a time; this takes many.
# Idempotent: installs and starts only what is missing, then prints the tracking URI.
#
#   bash scripts/start_tracking_server.sh          # -> http://127.0.0.1:5000
#   export MLFLOW_TRACKING_URI=http://127.0.0.1:5000
#   bash scripts/start_tracking_server.sh --stop   # stops the MLflow server (PostgreSQL stays)
#
# Environment: V2I_TRACKING_PORT (5000), V2I_TRACKING_DIR (artifacts and the server log;
# ~/.cache/voice2image/tracking-server), V2I_PG_PORT (5432), V2I_PG_DB, V2I_PG_USER and
# V2I_PG_PASSWORD (all `mlflow`). Root or sudo for apt-get and the PostgreSQL cluster.
set -euo pipefail
PORT=${V2I_TRACKING_PORT:-5000}
STATE=${V2I_TRACKING_DIR:-$HOME/.cache/voice2image/tracking-server}
PG_PORT=${V2I_PG_PORT:-5432}
PG_DB=${V2I_PG_DB:-mlflow}
PG_USER=${V2I_PG_USER:-mlflow}
PG_PASSWORD=${V2I_PG_PASSWORD:-mlflow}
URL="http://127.0.0.1:$PORT"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

log() { echo "tracking server: $*" >&2; }
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && su postgres -c "$(printf '%q ' "$@")"); else (cd / && sudo -u postgres "$@"); fi
}
healthy() {
  python -c "import sys, urllib.request as u; sys.exit(u.urlopen(sys.argv[1], timeout=3).status != 200)" \
    "$URL/health" 2>/dev/null
}

stop() {
  if [ -f "$STATE/server.pid" ] && kill -0 "$(cat "$STATE/server.pid")" 2>/dev/null; then
    kill -- "-$(cat "$STATE/server.pid")" 2>/dev/null || kill "$(cat "$STATE/server.pid")"
    log "stopped"
  fi
  rm -f "$STATE/server.pid"
}

install_postgres() {
  command -v pg_lsclusters >/dev/null && return
  log "installing PostgreSQL (Debian package postgresql)"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q postgresql
}

start_postgres() {
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && return
  local version
  version=$(pg_lsclusters -h | awk '$2 == "main" {print $1; exit}')
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    $SUDO pg_createcluster "$version" main --port "$PG_PORT"
  fi
  log "starting PostgreSQL $version"
  $SUDO pg_ctlcluster "$version" main start
  for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && return; sleep 1; done
  log "PostgreSQL did not come up on port $PG_PORT"; exit 1
}

create_database() {
  local sql="psql -p $PG_PORT -tAc"
  if [ "$(as_postgres $sql "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'")" != 1 ]; then
    as_postgres $sql "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'" >/dev/null
  fi
  if [ "$(as_postgres $sql "SELECT 1 FROM pg_database WHERE datname='$PG_DB'")" != 1 ]; then
    as_postgres $sql "CREATE DATABASE $PG_DB OWNER $PG_USER" >/dev/null
  fi
}

start_mlflow() {
  healthy && return
  mkdir -p "$STATE/artifacts"
  log "starting MLflow on $URL (log: $STATE/server.log)"
  # setsid + no inherited stdio: the server outlives this script and holds no caller's pipe.
  setsid nohup python -m mlflow server \
    --backend-store-uri "postgresql+psycopg2://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB" \
    --artifacts-destination "$STATE/artifacts" --serve-artifacts \
    --host 127.0.0.1 --port "$PORT" --workers 2 \
    >"$STATE/server.log" 2>&1 </dev/null &
  echo $! >"$STATE/server.pid"
  for _ in $(seq 180); do
    healthy && return
    kill -0 "$(cat "$STATE/server.pid")" 2>/dev/null || break
    sleep 1
  done
  log "MLflow did not answer on $URL/health; the end of $STATE/server.log:"
  tail -20 "$STATE/server.log" >&2
  exit 1
}

if [ "${1:-}" = "--stop" ]; then stop; exit 0; fi
# Only the URL goes to stdout, because callers capture it; whatever apt-get and pg_ctlcluster
# print (e.g. "Removed stale pid file.") goes to stderr. A redirected group rather than a
# duplicated descriptor: the server must not inherit the caller's pipe, or `$(...)` never ends.
if ! healthy; then
  {
    install_postgres
    start_postgres
    create_database
    start_mlflow
  } >&2
fi
echo "$URL"
