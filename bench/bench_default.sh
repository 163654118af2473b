#!/bin/sh
# Issue 7's speed target: `brink forecast` with no arguments (the built-in scenario, 10,000 runs,
# every core, report included) in under 10 s on 2 cores. Times that command for two builds,
# interleaved, REPS times each: usually a plain Release build (the baseline) and the
# profile-guided build `make run` uses (scripts/pgo.sh). Prints each wall time, the minimum and
# median of each build and the ratio of the medians, and checks that the two builds wrote the
# same forecast.json (they must: the profile changes no arithmetic).
# Usage: sh bench/bench_default.sh BASE_BRINK NEW_BRINK [REPS]   (default 3)
set -eu
base="$1"
new="$2"
reps="${3:-3}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
while [ "$i" -lt "$reps" ]; do
    for b in base new; do
        eval "bin=\$$b"
        /usr/bin/time -f "%e" -o "$out/t" "$bin" forecast --quiet --out "$out/$b" >/dev/null
        t=$(cat "$out/t")
        echo "$b $t" >> "$out/times"
        echo "rep $((i + 1)) $b ($bin): $t s"
    done
    i=$((i + 1))
done
cmp -s "$out/base/forecast.json" "$out/new/forecast.json" &&
    echo "forecast.json: identical" || echo "forecast.json: DIFFERENT"
for b in base new; do
    grep "^$b " "$out/times" | cut -d' ' -f2 | sort -n |
        awk -v b="$b" '{ t[NR] = $1 } END { printf "%s: min %.2f s, median %.2f s\n", b, t[1], t[int((NR + 1) / 2)] }'
done | tee "$out/summary"
awk '{ m[$1] = $6 } END { printf "new / base (medians): %.3f\n", m["new:"] / m["base:"] }' "$out/summary"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
