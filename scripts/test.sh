#!/usr/bin/env bash
# The README's second command (and CI's): install what is needed, check the formatting, build everything with
# tests and run them all; on x86 hosts the same for aarch64 (cross-built, unit and conformance tests under qemu; an
# arm64 host's native suite is the board's); then the Debian packages, installed into Debian roots and run there;
# then the fuzz targets; then everything native again under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/check-format.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci
if [ "$(dpkg --print-architecture)" = amd64 ]; then
  # The board's architecture: cross-build for aarch64 and run the unit and conformance tests (rknpu:* against an
  # arm64 build of the runtime double) under qemu.
  cmake --preset aarch64
  cmake --build --preset aarch64
  ctest --preset aarch64
fi
# The .deb packages (this architecture's, and arm64's from an x86 host), each installed with only what it declares
# into a Debian 12 root and run from there.
scripts/package-test.sh
# The readers of what a user or a file controls, under libFuzzer with ASan and UBSan (clang): every seed corpus
# replayed (the inputs that once crashed among them) and 10 s of fuzzing per target (scripts/fuzz.sh for longer).
cmake --preset fuzz
cmake --build --preset fuzz
ctest --preset fuzz
# Every native test again under AddressSanitizer and UndefinedBehaviorSanitizer (GCC): unit and end-to-end with
# leak checks, conformance without (CMakePresets.json says why; BLIS is left out of sanitized builds, see
# src/backends/cblas/cblas_backend.cpp).
cmake --preset asan
cmake --build --preset asan
ctest --preset asan
ctest --preset asan-conformance
