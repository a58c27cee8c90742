#!/usr/bin/env bash
# The README's second command (and CI's): install what is needed, build everything with tests, run them all;
# then the same for aarch64 (cross-built, unit and conformance tests under qemu).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci
# The board's architecture: cross-build for aarch64 and run the unit and conformance tests (rknpu:* against an
# arm64 build of the runtime double) under qemu.
cmake --preset aarch64
cmake --build --preset aarch64
ctest --preset aarch64
