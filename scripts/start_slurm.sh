#!/usr/bin/env bash
# A one-node SLURM cluster on loopback for the `slurm` Hydra launcher (submitit): Debian's
# slurmctld, slurmd and munge, this host as the only node with its real CPU count and memory.
# Idempotent: installs and starts only what is missing, waits until the node is idle, then prints
# the cluster's config file (the SLURM_CONF every slurm command and submitit need).
#
#   export SLURM_CONF=$(bash scripts/start_slurm.sh)    # -> ~/.cache/voice2image/slurm/slurm.conf
#   sinfo                                                # loopback* up infinite 1 idle vm
#   voice2image run --multirun experiment=X hydra/launcher=slurm hydra.launcher.cpus_per_task=1 \
#     hydra.launcher.mem_gb=4 tracking.uri=http://127.0.0.1:5000
#   bash scripts/start_slurm.sh --stop                   # stops slurmctld and slurmd (munged stays)
#
# Environment: V2I_SLURM_DIR (config, state, spool and logs; ~/.cache/voice2image/slurm),
# V2I_SLURMCTLD_PORT (6817), V2I_SLURMD_PORT (6818). Root or sudo: apt-get, munged (as the munge
# user) and the two slurm daemons (as root, so that jobs run as the user who submits them).
#
# Written for containers without systemd and cgroups: processes are tracked through /proc
# (proctrack/linuxproc), tasks are not confined (task/none), no accounting daemon. A system-wide
# /etc/slurm/slurm.conf is neither read nor written.
set -euo pipefail
PATH=$PATH:/usr/sbin:/sbin  # the daemons and munged live there, outside a plain user's PATH
STATE=${V2I_SLURM_DIR:-$HOME/.cache/voice2image/slurm}
CTLD_PORT=${V2I_SLURMCTLD_PORT:-6817}
SLURMD_PORT=${V2I_SLURMD_PORT:-6818}
CONF="$STATE/slurm.conf"
export SLURM_CONF="$CONF"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

log() { echo "slurm: $*" >&2; }
# ps, not kill -0: the daemons run as root, and a plain user may not signal them.
running() {
  local pid
  pid=$(cat "$STATE/$1.pid" 2>/dev/null || true)
  [ -n "$pid" ] && ps -p "$pid" >/dev/null 2>&1
}
as_munge() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u munge -- "$@"; else sudo -u munge "$@"; fi
}
# The node as slurmctld sees it ("idle", "mixed", "down*", ...); empty while nobody answers.
node_state() { [ -f "$CONF" ] && timeout 10 sinfo -h -N -o %T 2>/dev/null | head -1; }
ready() { case "$(node_state)" in idle | mixed | allocated) return 0 ;; *) return 1 ;; esac; }

stop_daemon() {
  local pid
  if running "$1"; then
    pid=$(cat "$STATE/$1.pid")
    $SUDO kill "$pid"
    for _ in $(seq 30); do ps -p "$pid" >/dev/null 2>&1 || break; sleep 1; done
    log "stopped $1"
  fi
  $SUDO rm -f "$STATE/$1.pid"
}

stop() {
  stop_daemon slurmd
  stop_daemon slurmctld
}

install_packages() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sinfo >/dev/null \
    && command -v munged >/dev/null && return
  log "installing SLURM and munge (Debian packages slurmctld slurmd slurm-client munge)"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    slurmctld slurmd slurm-client munge
}

start_munge() {
  # munge is how slurmctld, slurmd and the client commands trust each other: one shared key.
  if ! $SUDO test -s /etc/munge/munge.key; then  # /etc/munge is readable by munge alone
    log "creating the munge key"
    $SUDO install -d -o munge -g munge -m 0700 /etc/munge
    as_munge mungekey --create --keyfile=/etc/munge/munge.key
  fi
  munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return
  log "starting munged"
  $SUDO install -d -o munge -g munge -m 0755 /run/munge
  $SUDO install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge
  as_munge munged
  for _ in $(seq 20); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return; sleep 0.5; done
  log "munged does not answer; the end of /var/log/munge/munged.log:"
  $SUDO tail -20 /var/log/munge/munged.log >&2
  exit 1
}

write_config() {
  # The node's real hardware, as slurmd detects it: "NodeName=vm CPUs=2 ... RealMemory=24105".
  local node
  node=$(slurmd -C | head -1)
  mkdir -p "$STATE"
  cat >"$CONF.tmp" <<EOF
# Written by scripts/start_slurm.sh: a one-node cluster on loopback.
ClusterName=voice2image
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
# Daemons as root: the state may live in any user's home, and slurmd can start each job as its user.
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$STATE/state
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
# No systemd, no cgroups: track job processes through /proc, do not confine tasks.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
# CPUs and memory are the consumable resources: a job takes what it asks for (--cpus-per-task,
# --mem), so jobs of one CPU each run side by side, as many as there are CPUs.
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
# A node that was down (e.g. the machine restarted) comes back as soon as its slurmd registers.
ReturnToService=2
SlurmdTimeout=300
InactiveLimit=0
KillWait=30
# No accounting database (sacct has nothing): finished jobs stay in \`scontrol show job\` an hour.
MinJobAge=3600
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=loopback Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

start_daemon() {
  local name=$1
  shift
  running "$name" && return
  log "starting $name (log: $STATE/$name.log)"
  # The daemons fork into the background themselves; no inherited stdio, so `$(...)` ends.
  $SUDO env SLURM_CONF="$CONF" "$name" -f "$CONF" "$@" </dev/null >/dev/null 2>&1 || {
    log "$name did not start; the end of $STATE/$name.log:"
    $SUDO tail -20 "$STATE/$name.log" >&2
    exit 1
  }
}

start_cluster() {
  if ! running slurmctld; then
    write_config  # fresh from the hardware each time the controller starts
    $SUDO mkdir -p "$STATE/state" "$STATE/spool"
  fi
  start_daemon slurmctld
  start_daemon slurmd
  local state=""
  for _ in $(seq 90); do
    state=$(node_state || true)
    case "$state" in
      idle | mixed | allocated) return ;;
      drain* | down | down\*) [ -n "$state" ] && $SUDO env SLURM_CONF="$CONF" \
        scontrol update NodeName="$(hostname -s)" State=RESUME 2>/dev/null || true ;;
    esac
    sleep 1
  done
  log "the node is not idle after 90 s (state: '${state:-no answer}'); the end of the logs:"
  $SUDO tail -10 "$STATE/slurmctld.log" "$STATE/slurmd.log" >&2
  exit 1
}

if [ "${1:-}" = "--stop" ]; then stop; exit 0; fi
# Only the config path goes to stdout, because callers capture it; apt-get and the daemons'
# chatter goes to stderr.
if ! ready; then
  {
    install_packages
    start_munge
    start_cluster
  } >&2
fi
echo "$CONF"
