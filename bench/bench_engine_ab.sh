#!/bin/sh
# CPU work per run of the built-in scenario, two builds compared in one invocation: instructions
# counted by callgrind (valgrind), which do not depend on the machine's load, so the ratio holds
# on a shared machine where wall-clock times do not. The fixed cost of a forecast (loading, the
# output files) is measured with 1 run and subtracted; the per-run figure is (I(N) - I(1)) / (N - 1).
# Usage: sh bench/bench_engine_ab.sh BASE_BRINK NEW_BRINK [N]   (Release builds; N default 40)
# Needs valgrind (not installed by scripts/deps.sh: `apt-get install valgrind`).
set -eu
base="$1"
new="$2"
n="${3:-40}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# instructions of one forecast of $2 runs by binary $1
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" forecast --runs "$2" \
        --seed 7 --threads 1 --no-report --quiet --out "$out/f" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg) (instructions do not depend on it)"
for b in "$base" "$new"; do
    one=$(count "$b" 1)
    many=$(count "$b" "$n")
    echo "$b: fixed $one, per run $(( (many - one) / (n - 1) )) instructions"
    echo "$one $many" >> "$out/r"
done
awk -v n="$n" 'NR == 1 { f0 = $1; r0 = ($2 - $1) / (n - 1) }
               NR == 2 { f1 = $1; r1 = ($2 - $1) / (n - 1) }
               END { printf "new / base: per run %.3f, fixed %.3f\n", r1 / r0, f1 / f0 }' "$out/r"
