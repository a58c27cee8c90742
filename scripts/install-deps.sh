#!/usr/bin/env bash
# Installs the Debian packages of a set that are missing (uses sudo when not root); needs no network when everything
# is already installed. Sets (lists under scripts/packages/):
#   bench      what building and running the benchmark need: bench.txt and bench-heavy.txt (the heavy optional
#              runtimes; left out with MMBENCH_NO_HEAVY=1)
#   test       the fast tier of the tests (scripts/test.sh): bench, plus test.txt
#   test-full  the full tier (scripts/test.sh --full, CI): test, plus test-full.txt, plus cross-x86.txt on amd64 hosts
#              (an arm64 host needs no cross toolchain)
# Usage: scripts/install-deps.sh bench|test|test-full [--print [ARCH]]
#   --print: list the set's packages and install nothing; ARCH (a Debian architecture): the set for such a host
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
set_name=${1:-}
lists=("$here/packages/bench.txt")
if [ "$set_name" != bench ] || [ "${MMBENCH_NO_HEAVY:-0}" != 1 ]; then
  lists+=("$here/packages/bench-heavy.txt")
fi
case "$set_name" in
  bench) ;;
  test) lists+=("$here/packages/test.txt") ;;
  test-full)
    lists+=("$here/packages/test.txt" "$here/packages/test-full.txt")
    arch=$(dpkg --print-architecture)
    [ "${2:-}" = --print ] && [ -n "${3:-}" ] && arch=$3
    if [ "$arch" = amd64 ]; then  # the hosts the full tier cross-builds on
      lists+=("$here/packages/cross-x86.txt")
    fi
    ;;
  *)
    echo "usage: scripts/install-deps.sh bench|test|test-full [--print [ARCH]]" >&2
    exit 2
    ;;
esac
mapfile -t wanted < <(cat "${lists[@]}" | grep -vE '^\s*(#|$)')
if [ "${2:-}" = --print ]; then
  printf '%s\n' "${wanted[@]}"
  exit 0
fi
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# arm64 packages (the aarch64 cross build) need the architecture enabled before apt can see them.
if printf '%s\n' "${missing[@]}" | grep -q ':arm64$' && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $sudo dpkg --add-architecture arm64
fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
