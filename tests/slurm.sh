#!/bin/sh
# slurm.sh - grille on a Slurm cluster (issue 12): starts a one-node
# cluster on this machine (munged, slurmctld and slurmd from Debian's
# munge and slurm-wlm packages, with a configuration, a key, ports
# and state of their own under a scratch folder: the machine's own Slurm
# or munge, if any, is left alone), submits contrib/slurm/grille-array.sbatch
# over corpora/ with 4 shards for code, matrix, note and export, waits for the merge
# jobs, and compares their outputs byte for byte with single runs.  The
# daemons are stopped on exit, whatever happens.  Skipped (77) without the
# packages or without root (slurmd runs jobs as their user).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
for p in munged mungekey slurmctld slurmd sbatch scontrol sinfo; do
    command -v "$p" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
    command -v "$p" >/dev/null 2>&1 || { echo "slurm: no $p (apt-get install munge slurm-wlm): skipped"; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "slurm: slurmd needs root: skipped"; exit 77; }

start=$(date +%s)
pids=
stop() {
    # the daemons this test started, by their pids, then the scratch folder
    for pid in $pids; do kill "$pid" 2>/dev/null; done
    for pid in $pids; do
        i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
        kill -9 "$pid" 2>/dev/null
    done
    rm -rf "$work"
}
trap stop EXIT
trap 'exit 1' HUP INT TERM
S=$work/slurm
mkdir -p "$S/munge" "$S/state" "$S/spool" "$S/jobs"
chmod 700 "$S/munge"
fail_setup() {
    echo "slurm: $*"
    for log in "$S"/*.log; do [ -f "$log" ] && { echo "--- $log"; tail -20 "$log"; }; done
    exit 1
}

# munge, with its own key and socket
mungekey --create --keyfile="$S/munge/munge.key" 2>"$S/mungekey.log" || fail_setup "mungekey failed"
munged --force --foreground --socket="$S/munge/socket" --key-file="$S/munge/munge.key" \
    --pid-file="$S/munge/munged.pid" --log-file="$S/munged.log" --seed-file="$S/munge/seed" 2>>"$S/munged.log" &
pids="$pids $!"
i=0
while [ ! -S "$S/munge/socket" ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
[ -S "$S/munge/socket" ] || fail_setup "munged did not start"

# the cluster: this machine as its one node, on ports of its own
node=$(slurmd -C 2>/dev/null | sed -n 's/^\(NodeName=[^ ]* CPUs=[0-9]*\).*/\1/p')
[ -n "$node" ] || fail_setup "slurmd -C says nothing of this machine"
name=${node#NodeName=}
name=${name%% *}
port=$((20000 + $$ % 20000))
cat >"$S/slurm.conf" <<CONF
ClusterName=grilletest
SlurmctldHost=$name(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$S/munge/socket
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=600
KillWait=5
MailProg=/bin/true
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=grille Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
SLURM_CONF=$S/slurm.conf
export SLURM_CONF
slurmctld -D -i -f "$SLURM_CONF" 2>>"$S/slurmctld.log" &
pids="$pids $!"
slurmd -D -f "$SLURM_CONF" -N "$name" 2>>"$S/slurmd.log" &
pids="$pids $!"
i=0
until [ "$(sinfo -h -o %t 2>/dev/null)" = idle ]; do
    i=$((i + 1))
    [ $i -lt 120 ] || fail_setup "the node is not idle after 60 s: $(sinfo -h -o '%t %E' 2>&1)"
    sleep 0.5
done
up=$(date +%s)

# the single runs, and the same as two job arrays of 4 shards and their merges
cd "$top_srcdir" || exit 1
"$G" code -o "$work/single.tsv" corpora 2>/dev/null || ko "single code run"
"$G" matrix --by type -m share -o "$work/single.csv" corpora 2>/dev/null || ko "single matrix run"
"$G" note -o "$work/single.html" corpora 2>/dev/null || ko "single note run"
"$G" export -f xlsx -o "$work/single.xlsx" corpora 2>/dev/null || ko "single export run"
cd "$S/jobs" || exit 1
code_jobs=$(GRILLE=$G sh "$top_srcdir/contrib/slurm/grille-array.sbatch" -n 4 -o "$work/slurm.tsv" code \
    "$top_srcdir/corpora") || fail_setup "sbatch (code) failed"
matrix_jobs=$(GRILLE=$G sh "$top_srcdir/contrib/slurm/grille-array.sbatch" -n 4 -o "$work/slurm.csv" matrix \
    --by type -m share "$top_srcdir/corpora") || fail_setup "sbatch (matrix) failed"
note_jobs=$(GRILLE=$G sh "$top_srcdir/contrib/slurm/grille-array.sbatch" -n 4 -o "$work/slurm.html" note \
    "$top_srcdir/corpora") || fail_setup "sbatch (note) failed"
export_jobs=$(GRILLE=$G sh "$top_srcdir/contrib/slurm/grille-array.sbatch" -n 4 -o "$work/slurm.xlsx" export \
    -f xlsx "$top_srcdir/corpora") || fail_setup "sbatch (export) failed"

# waits for job $1 to end; its state
state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1; }
wait_job() {
    i=0
    while :; do
        st=$(state "$1")
        case $st in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | "") break ;; esac
        i=$((i + 1))
        [ $i -lt 600 ] || break
        sleep 0.5
    done
    echo "$st"
}
for jobs in "$code_jobs" "$matrix_jobs" "$note_jobs" "$export_jobs"; do
    st=$(wait_job "${jobs#* }")
    [ "$st" = COMPLETED ] && ok || {
        ko "merge job ${jobs#* } ended $st"
        for log in "$S"/jobs/*.out; do echo "--- $log"; cat "$log"; done
    }
done
# a shard that fails (here every one: no corpus) cancels the merge: no output
fail_jobs=$(GRILLE=$G sh "$top_srcdir/contrib/slurm/grille-array.sbatch" -n 2 -o "$work/failed.tsv" code \
    "$work/no-such-corpus" 2>/dev/null) || fail_setup "sbatch (failing) failed"
st=$(wait_job "${fail_jobs#* }")
[ "$st" = CANCELLED ] && [ ! -e "$work/failed.tsv" ] && ok || ko "the merge after failed shards ended $st"
cmp "$work/single.tsv" "$work/slurm.tsv" && ok || ko "the segments of the Slurm run differ from the single run's"
cmp "$work/single.csv" "$work/slurm.csv" && ok || ko "the matrix of the Slurm run differs from the single run's"
cmp "$work/single.html" "$work/slurm.html" && ok || ko "the note of the Slurm run differs from the single run's"
cmp "$work/single.xlsx" "$work/slurm.xlsx" && ok || ko "the workbook of the Slurm run differs from the single run's"
# 4 shards ran, each on a part of the corpus
[ "$(ls "$work/slurm.tsv.parts" | wc -l)" -eq 4 ] && ok || ko "not 4 parts"

end=$(date +%s)
echo "slurm: cluster up in $((up - start)) s, arrays and merges done in $((end - up)) s"
echo "slurm: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
