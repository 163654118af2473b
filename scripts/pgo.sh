#!/bin/sh
# Profile-guided Release build of brink (what `make run` uses; bench/RESULTS.md has the gain).
#   1. DIR-gen: brink built with BRINK_PGO=GENERATE (instrumented);
#   2. training: a forecast of the built-in scenario by that brink, which writes the profile;
#   3. DIR: brink built with BRINK_PGO=USE from that profile.
# Both GCC builds are also link-time optimised (CMAKE_INTERPROCEDURAL_OPTIMIZATION: calls across
# source files inline, e.g. the economy's pressure and the objective inside projections).
# The results are bit-identical to a plain Release build; only the speed differs. The training is
# redone only when the instrumented brink changed, and a new profile recompiles DIR (OBJECT_DEPENDS
# on the profile's stamp), so a second run with nothing changed builds nothing.
# Usage: sh scripts/pgo.sh DIR [extra CMake arguments...]   (run from the source tree)
set -eu
[ $# -ge 1 ] || { echo "usage: sh scripts/pgo.sh DIR [cmake args...]" >&2; exit 2; }
out="$1"
shift
mkdir -p "$out" "$out-gen"
out=$(cd "$out" && pwd)
gen=$(cd "$out-gen" && pwd)
prof="$gen/pgo-profile"
jobs=$(nproc 2>/dev/null || echo 2)

# A plain Release build in DIR, for compilers whose profiles this script does not handle.
plain() {
    echo "pgo.sh: $1; building $out without a profile (slower)" >&2
    cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBRINK_TESTS=OFF -DBRINK_BENCH=OFF \
        -DBRINK_PGO=OFF "$@" >/dev/null
    cmake --build "$out" --target brink -j "$jobs"
    exit 0
}

cmake -S . -B "$gen" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBRINK_TESTS=OFF -DBRINK_BENCH=OFF \
    -DCMAKE_INTERPROCEDURAL_OPTIMIZATION=ON -DBRINK_PGO=GENERATE "-DBRINK_PGO_DIR=$prof" "$@" >/dev/null
# GCC's .gcda profiles only (clang writes .profraw files that need llvm-profdata)
grep -q 'CMAKE_C_COMPILER_ID "GNU"' "$gen"/CMakeFiles/*/CMakeCCompiler.cmake 2>/dev/null ||
    plain "the C compiler is not GCC" "$@"
cmake --build "$gen" --target brink -j "$jobs"

if [ ! -f "$prof/stamp" ] || [ "$gen/brink" -nt "$prof/stamp" ]; then
    rm -rf "$prof"
    mkdir -p "$prof"
    train=$(mktemp -d)
    trap 'rm -rf "$train"' EXIT
    # the hot paths of a forecast: every mechanism, the negotiation model, the ensemble's merge
    # and the output writers (the report included)
    "$gen/brink" forecast --runs 400 --threads 2 --quiet --out "$train/f" >/dev/null
    # GCC names each profile after its object file's absolute path, '/' written '#': rename the
    # instrumented build's names to the optimised build's
    from=$(printf '%s' "$gen" | tr '/' '#')
    to=$(printf '%s' "$out" | tr '/' '#')
    n=0
    for f in "$prof"/*.gcda; do
        [ -e "$f" ] || { echo "pgo.sh: the training wrote no profile into $prof" >&2; exit 1; }
        base=$(basename "$f")
        case "$base" in
        "$from"#*) mv "$f" "$prof/$to${base#"$from"}"; n=$((n + 1)) ;;
        esac
    done
    [ "$n" -gt 0 ] || { echo "pgo.sh: no profile of $gen's objects in $prof" >&2; exit 1; }
    touch "$prof/stamp"
fi

cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBRINK_TESTS=OFF -DBRINK_BENCH=OFF \
    -DCMAKE_INTERPROCEDURAL_OPTIMIZATION=ON -DBRINK_PGO=USE "-DBRINK_PGO_DIR=$prof" "$@" >/dev/null
cmake --build "$out" --target brink -j "$jobs"
