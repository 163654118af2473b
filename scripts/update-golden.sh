#!/bin/sh
# Rewrites every tests/golden/*.out from the current build (run after an intended change of
# output, then review the diff): each NAME.cmd holds the brink arguments, @SRC@ = source tree.
set -eu
brink="${1:-./build/brink}"
src=$(pwd)
for cmd in tests/golden/*.cmd; do
    args=$(sed "s|@SRC@|$src|g" "$cmd")
    # shellcheck disable=SC2086
    "$brink" $args > "${cmd%.cmd}.out" || true
done
