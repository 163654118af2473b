#!/bin/sh
# Installs every Debian package that brink's build and tests need (chromium, chromium-driver and
# python3-selenium are for the browser test of the HTML report, ctest browser.report;
# libopenmpi-dev and openmpi-bin for `mpirun -np N brink forecast`, CMake option BRINK_MPI, and
# its test cli.dist_mpi: docs/distributed.md).
# Idempotent and quick when all is present; non-interactive. As root it runs apt-get; as another
# user it uses sudo when sudo works without a password, and otherwise prints the exact command and
# exits 1.
set -eu

PACKAGES="build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev \
libyaml-dev libjansson-dev libcmocka-dev libsqlite3-dev \
chromium chromium-driver python3-selenium libopenmpi-dev openmpi-bin"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    exit 0
fi

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    echo "brink: missing Debian packages:$missing" >&2
    echo "brink: run as root: apt-get update && $cmd" >&2
    exit 1
fi
echo "brink: installing$missing" >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
$SUDO env DEBIAN_FRONTEND=noninteractive $cmd >&2
