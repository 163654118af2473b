#!/bin/sh
# Throughput and memory of `brink forecast` on the built-in scenario (issue: runs per second at 1
# and 2 threads; peak memory at 10^3 and 10^5 runs, which must stay flat). Every figure comes with
# a baseline measured in the same invocation: `brink check --quiet` (loading and validating the
# scenario, the fixed cost of any command) for time, and the 10^3-run forecast for memory.
# Usage: sh bench/bench_forecast.sh [BRINK] [RUNS_LARGE]   (a Release build; default 100000)
set -eu
brink="${1:-./build-rel/brink}"
large="${2:-100000}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# peak RSS (KiB) and wall seconds of a command, via GNU time
measure() {
    /usr/bin/time -f "%M %e" -o "$out/time" "$@" >/dev/null 2>&1
    cat "$out/time"
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
set -- $(measure "$brink" check --quiet); base_kib=$1; base_s=$2
echo "baseline brink check --quiet: ${base_s} s, ${base_kib} KiB"
for t in 1 2; do
    set -- $(measure "$brink" forecast --runs 2000 --threads "$t" --quiet --out "$out/t$t")
    echo "forecast 2000 runs, $t thread(s): $2 s, $(awk -v w="$2" -v b="$base_s" 'BEGIN { printf "%.0f", 2000 / (w - b) }') runs/s (net of the baseline)"
done
set -- $(measure "$brink" forecast --runs 1000 --threads 2 --quiet --out "$out/m3"); m3=$1
set -- $(measure "$brink" forecast --runs "$large" --threads 2 --quiet --out "$out/m5"); m5=$1; s5=$2
echo "peak memory: 1000 runs ${m3} KiB; $large runs ${m5} KiB (ratio $(awk -v a="$m5" -v b="$m3" 'BEGIN { printf "%.3f", a / b }')); $large runs took ${s5} s"
