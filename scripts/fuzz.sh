#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c; clang, -DBRINK_FUZZ=ON: libFuzzer with
# AddressSanitizer and UndefinedBehaviorSanitizer) and runs each for FUZZ_SECONDS seconds.
#
#   scripts/fuzz.sh [TARGET...]     default: every target (fuzz_csv fuzz_bargain_csv ...)
#
# Environment: FUZZ_SECONDS (per target, default 60), FUZZ_BUILD (default build-fuzz),
# FUZZ_OUT (default $FUZZ_BUILD/fuzz-out), FUZZ_RUNS (stop a target after this many executions
# instead; 0 = no limit), FUZZ_MAX_LEN (longest input; default 8192 for the scenario loader,
# whose 58 KB built-in scenario would otherwise make every execution slow, 65536 for the others),
# CC (default clang).
#
# Seed corpora come from the repository's own inputs (tests/data, scenarios/), from
# tests/fuzz/seeds/TARGET/ and from tests/fuzz/regress/TARGET/ (inputs that once crashed); ctest
# replays all of them in every build (fuzz.* tests, cmake/tests.cmake). Each target keeps its growing corpus in $FUZZ_OUT/corpus/TARGET; a crash,
# leak or timeout is stored in $FUZZ_OUT/crashes/TARGET/ (copy it to tests/fuzz/regress/TARGET/
# once fixed). $FUZZ_OUT/summary.txt gets one line per target: executions, seconds, crashes.
# Exit status: 0 when no target crashed, 1 otherwise.
set -eu
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
runs=${FUZZ_RUNS:-0}
build=${FUZZ_BUILD:-build-fuzz}
out=${FUZZ_OUT:-$build/fuzz-out}
cc=${CC:-clang}

if ! command -v "$cc" >/dev/null 2>&1; then
    echo "brink: fuzzing needs clang (libFuzzer); install it with: apt-get install clang" >&2
    exit 1
fi

cmake -S . -B "$build" -G Ninja -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBRINK_FUZZ=ON -DBRINK_TESTS=OFF >/dev/null
if [ $# -gt 0 ]; then
    targets="$*"
else
    targets=$(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c; done)
fi
cmake --build "$build" --target $targets

# seeds TARGET: prints the files of TARGET's seed corpus, one a line
seeds() {
    case "$1" in
    fuzz_scenario) ls scenarios/*.yaml tests/data/bad/*.yaml ;;
    fuzz_stakeholders) ls tests/data/bargain/*.yaml ;;
    fuzz_csv | fuzz_bargain_csv) find tests/data -name '*.csv' | sort ;;
    fuzz_set) ;; # tests/fuzz/seeds/fuzz_set only
    fuzz_partial) ;; # tests/fuzz/seeds/fuzz_partial only
    *) find tests/data -type f | sort ;;
    esac
}

mkdir -p "$out"
summary="$out/summary.txt"
crashed=0
for t in $targets; do
    corpus="$out/corpus/$t"
    seed="$out/seeds/$t"
    crashes="$out/crashes/$t"
    rm -rf "$seed"
    mkdir -p "$corpus" "$seed" "$crashes"
    for f in $(seeds "$t"); do
        cp "$f" "$seed/$(echo "$f" | tr / _)"
    done
    if [ -d "tests/fuzz/seeds/$t" ]; then
        cp tests/fuzz/seeds/"$t"/* "$seed"/
    fi
    if [ -d "tests/fuzz/regress/$t" ]; then
        cp tests/fuzz/regress/"$t"/* "$seed"/ 2>/dev/null || true
    fi
    case "$t" in
    fuzz_scenario) max_len=${FUZZ_MAX_LEN:-8192} ;;
    *) max_len=${FUZZ_MAX_LEN:-65536} ;;
    esac
    log="$out/$t.log"
    before=$(ls "$crashes" | wc -l)
    echo "brink: fuzzing $t for ${seconds}s (log: $log)"
    start=$(date +%s)
    set +e
    "$build/$t" -max_total_time="$seconds" -runs="$((runs > 0 ? runs : -1))" -timeout=10 \
        -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
        -artifact_prefix="$crashes/" "$corpus" "$seed" >"$log" 2>&1
    status=$?
    set -e
    end=$(date +%s)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    after=$(ls "$crashes" | wc -l)
    found=$((after - before))
    line="$t: ${execs:-?} executions in $((end - start)) s, exit $status, $found new crash file(s)"
    echo "brink: $line"
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $line" >>"$summary"
    if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
        crashed=1
        echo "brink: $t failed; see $log and $crashes/" >&2
    fi
done
exit $crashed
