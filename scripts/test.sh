#!/usr/bin/env bash
# The README's second command (and CI's): install what is needed, build everything with tests, run them all.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci
