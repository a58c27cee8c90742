#!/usr/bin/env bash
# The README's first command: install what is needed, build mmbench (Release), and run the default benchmark.
# Extra arguments go to `mmbench run` (for example: --preset seed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh bench
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/mmbench run "$@"
