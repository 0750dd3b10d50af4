#!/usr/bin/env bash
# Starts (or stops) a single-node Slurm cluster on this machine for tests and local trials:
#   infra/slurm/local-cluster.sh start   -> prints the SLURM_CONF path to export
#   infra/slurm/local-cluster.sh stop
# Needs the Debian packages slurm-wlm and munge, and root (daemons run as root; munged as munge).
set -euo pipefail
state=${YULANDATA_SLURM_DIR:-/tmp/yulandata-slurm}
conf="$state/slurm.conf"
cmd=${1:-start}

stop() {
  for pidfile in "$state"/slurmd.pid "$state"/slurmctld.pid; do
    [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
}

if [[ $cmd == stop ]]; then stop; exit 0; fi

command -v slurmctld >/dev/null || { echo "slurm-wlm is not installed" >&2; exit 1; }
stop
mkdir -p "$state"/{spool,ctld,log}
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
cat > "$conf" <<CONF
ClusterName=yulandata
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
SlurmctldPort=${YULANDATA_SLURMCTLD_PORT:-16817}
SlurmdPort=${YULANDATA_SLURMD_PORT:-16818}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1024
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=1
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=600
KillWait=5
MaxArraySize=100001
MaxJobCount=100000
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF

if ! pgrep -x munged >/dev/null; then
  mkdir -p /run/munge && chown munge:munge /run/munge
  runuser -u munge -- /usr/sbin/munged
fi
slurmctld -f "$conf"
slurmd -f "$conf"
export SLURM_CONF="$conf"
for _ in $(seq 1 30); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
    echo "$conf"
    exit 0
  fi
  sleep 1
done
echo "slurm did not become ready; logs in $state/log" >&2
exit 1
