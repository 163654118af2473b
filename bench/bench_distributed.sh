#!/bin/sh
# Parallel efficiency of the ways brink spreads an ensemble (docs/distributed.md), on the built-in
# scenario, all in one invocation so that the ratios compare like with like on a shared machine:
#   1 process, 1 thread            the baseline: wall time W1, CPU time C1
#   1 process, 2 threads           efficiency W1 / (2 W)
#   mpirun -np 2, 1 thread a rank  efficiency W1 / (2 W)   (skipped without mpirun or MPI)
#   the same with --mca pml ob1    (Open MPI 4.1 probes UCX first, 0.2 s of MPI_Init on one
#                                   machine; ob1 is Open MPI's own point-to-point layer)
#   2 shards at once + merge       efficiency W1 / (2 W), W = both shards and the merge
# and the CPU time of each against C1 (what distributing costs in work: C1 / C, 1 = nothing; and
# as extra CPU, C / C1 - 1). On a loaded machine the wall-clock efficiency means little (the
# scheduler's shares decide it) but the extra CPU still does, if the repetitions agree.
# For MPI also the launcher's own time (`mpirun -np 2 /bin/true`), which a longer ensemble
# amortises, and the efficiency net of it.
# Each configuration runs REPS times in turn (interleaved, so that a load spike hits all alike);
# medians are used. Every command runs in a session of its own (setsid): with the kernel's
# autogroup scheduling a session is one scheduling group, so every configuration competes with
# the rest of the machine on equal terms (otherwise mpirun, which starts its own session, gets a
# group's share of the CPU and the others do not). Every result's forecast.json (and the merged
# runs.csv) is compared with the baseline's: they must be byte-identical, or the script stops.
# Usage: sh bench/bench_distributed.sh [BRINK] [RUNS] [REPS]   (a Release build; default 2000, 3)
set -eu
brink="${1:-./build-rel/brink}"
runs="${2:-2000}"
reps="${3:-3}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
common="--runs $runs --seed 20250312 --quiet --no-report"
have_mpi=0
if command -v mpirun >/dev/null 2>&1 &&
    mpirun -np 2 "$brink" forecast --runs 4 --threads 1 --out "$out/probe" --quiet \
        --no-report >/dev/null 2>&1 && grep -q '"mpi_ranks": 2' "$out/probe/run.json"; then
    have_mpi=1
fi
cat >"$out/shards.sh" <<SH
"$brink" forecast $common --threads 1 --shard 0/2 --out "$out/sh" &
"$brink" forecast $common --threads 1 --shard 1/2 --out "$out/sh"
wait
"$brink" merge "$out/sh/partial-0-of-2" "$out/sh/partial-1-of-2" --out "$out/merged" --quiet --no-report
SH
# "wall cpu" seconds of a command in a session of its own (GNU time; CPU = user + system)
measure() {
    /usr/bin/time -f "%e %U %S" -o "$out/time" setsid -w "$@" >/dev/null 2>&1
    awk '{ printf "%.2f:%.2f", $1, $2 + $3 }' "$out/time"
}
median() { # of field $1 (1 wall, 2 cpu) of "wall:cpu" words
    tr ' ' '\n' | grep . | cut -d: -f"$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "brink forecast $common, $reps repetitions each, interleaved; MPI: $([ $have_mpi = 1 ] && echo yes || echo no)"
t1s="" t2s="" m2s="" o2s="" s2s="" l2s=""
i=0
while [ $i -lt "$reps" ]; do
    t1s="$t1s $(measure "$brink" forecast $common --threads 1 --out "$out/t1")"
    t2s="$t2s $(measure "$brink" forecast $common --threads 2 --out "$out/t2")"
    if [ $have_mpi = 1 ]; then
        m2s="$m2s $(measure mpirun -np 2 "$brink" forecast $common --threads 1 --out "$out/m2")"
        o2s="$o2s $(measure mpirun -np 2 --mca pml ob1 "$brink" forecast $common --threads 1 \
            --out "$out/o2")"
        l2s="$l2s $(measure mpirun -np 2 /bin/true)"
    fi
    s2s="$s2s $(measure sh "$out/shards.sh")"
    i=$((i + 1))
done
cmp "$out/t1/forecast.json" "$out/t2/forecast.json"
cmp "$out/t1/forecast.json" "$out/merged/forecast.json"
cmp "$out/t1/runs.csv" "$out/merged/runs.csv"
[ $have_mpi = 0 ] || cmp "$out/t1/forecast.json" "$out/m2/forecast.json"
[ $have_mpi = 0 ] || cmp "$out/t1/forecast.json" "$out/o2/forecast.json"
echo "forecast.json byte-identical in every configuration"
W1=$(echo "$t1s" | median 1)
C1=$(echo "$t1s" | median 2)
row() { # name, "wall:cpu" words
    W=$(echo "$2" | median 1)
    C=$(echo "$2" | median 2)
    awk -v n="$1" -v w="$W" -v c="$C" -v w1="$W1" -v c1="$C1" -v r="$runs" -v all="$2" 'BEGIN {
        printf "| %s | %s | %.2f | %.2f | %.0f | %.3f | %.3f | %+.1f %% |\n", n, all, w, c, r / w, w1 / (2 * w), c1 / c, 100 * (c / c1 - 1) }'
}
echo
echo "| configuration | wall:cpu s (each repetition) | median wall s | median CPU s | runs/s | efficiency W1/(2W) | CPU C1/C | extra CPU |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
awk -v w="$W1" -v c="$C1" -v r="$runs" -v all="$t1s" 'BEGIN { printf "| 1 process, 1 thread | %s | %.2f | %.2f | %.0f | (baseline) | 1 | 0 |\n", all, w, c, r / w }'
row "1 process, 2 threads" "$t2s"
[ $have_mpi = 0 ] || row "mpirun -np 2, 1 thread a rank" "$m2s"
[ $have_mpi = 0 ] || row "mpirun -np 2 --mca pml ob1, 1 thread a rank" "$o2s"
row "2 shards (1 thread each, at once) + merge" "$s2s"
if [ $have_mpi = 1 ]; then
    L=$(echo "$l2s" | median 1)
    M=$(echo "$m2s" | median 1)
    awk -v l="$L" -v m="$M" -v w1="$W1" -v all="$l2s" 'BEGIN {
        printf "\nmpirun -np 2 /bin/true (the launcher alone): %s (median %.2f s); MPI efficiency net of it: %.3f\n", all, l, w1 / (2 * (m - l)) }'
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
