#!/usr/bin/env bash
# The README's second command, in two tiers (docs/architecture.md, Tests, lists every check and its tier):
#   scripts/test.sh         the fast tier: install what it needs, check the formatting, build with tests (ci
#                           preset) and run the native suite: unit, conformance, end to end, the real PostgreSQL
#                           server and headless Chromium.
#   scripts/test.sh --full  the full tier (CI: .ci/run): the fast tier, then on x86 hosts the aarch64 suite under
#                           qemu, the Debian packages installed into Debian roots and run there, the fuzz targets,
#                           and the native suite again under ASan+UBSan (one build: unit, end to end, conformance).
# Every stage is timed; the table at the end (also in build/test-stages.txt) sets each against the time it took on
# the development machine (scripts/test-stage-times.txt) and marks one that took 30% longer.
set -euo pipefail
cd "$(dirname "$0")/.."
tier=fast
case "${1:-}" in
  "") ;;
  --full) tier=full ;;
  -h | --help)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "scripts/test.sh: unknown argument '$1' (allowed: --full, --help)" >&2
    exit 2
    ;;
esac

# ---- stages: name, seconds, result; the table is printed however the run ends
names=() secs=() results=()
stage() {
  local name=$1 t0 rc=0
  shift
  echo "==== test.sh: $name"
  t0=$(date +%s.%N)
  "$@" || rc=$?
  names+=("$name")
  secs+=("$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')")
  results+=("$([ $rc -eq 0 ] && echo passed || echo "FAILED (exit $rc)")")
  if [ $rc -ne 0 ]; then
    echo "test.sh: stage '$name' failed (exit $rc)" >&2
    exit $rc
  fi
}
table() {
  local rc=$? i ref flag total=0 out=build/test-stages.txt
  mkdir -p build
  {
    printf '%-34s %8s %10s  %s\n' "stage ($tier tier)" seconds reference result
    for i in "${!names[@]}"; do
      ref=$(awk -v s="${names[$i]}" -F'\t' '$1 == s { print $2 }' scripts/test-stage-times.txt 2>/dev/null || true)
      flag=""
      if [ -n "$ref" ] && awk -v s="${secs[$i]}" -v r="$ref" 'BEGIN { exit !(s > 1.3 * r) }'; then
        flag="  << 30% over the reference"
      fi
      printf '%-34s %8.1f %10s  %s%s\n' "${names[$i]}" "${secs[$i]}" "${ref:--}" "${results[$i]}" "$flag"
      total=$(awk -v a="$total" -v b="${secs[$i]}" 'BEGIN { print a + b }')
    done
    printf '%-34s %8.1f %10s  %s\n' total "$total" "" "$([ $rc -eq 0 ] && echo passed || echo "FAILED (exit $rc)")"
  } | tee "$out"
  echo "(reference: seconds on the development machine, 2 cores, scripts/test-stage-times.txt; this table: $out)"
}
trap table EXIT

# ---- the fast tier
stage "install packages" scripts/install-deps.sh "$([ $tier = full ] && echo test-full || echo test)"
stage "format check" scripts/check-format.sh
stage "native build" sh -c 'cmake --preset ci >/dev/null && cmake --build --preset ci'
stage "native suite" ctest --preset ci
[ $tier = fast ] && exit 0

# ---- the full tier
if [ "$(dpkg --print-architecture)" = amd64 ]; then
  # The board's architecture: cross-build for aarch64 and run the unit and conformance tests (rknpu:* against an
  # arm64 build of the runtime double) under qemu. An arm64 host's native suite is the board's.
  stage "aarch64 build" sh -c 'cmake --preset aarch64 >/dev/null && cmake --build --preset aarch64'
  stage "aarch64 suite (qemu)" ctest --preset aarch64
fi
# The .deb packages (this architecture's, and arm64's from an x86 host), each installed with only what it declares
# into a Debian 12 root and run from there (their builds share the trees' compiled files through ccache).
stage "packages" scripts/package-test.sh
# The readers of what a user or a file controls, under libFuzzer with ASan and UBSan (clang): every seed corpus
# replayed (the inputs that once crashed among them) and 10 s of fuzzing per target (scripts/fuzz.sh for longer).
stage "fuzz build" sh -c 'cmake --preset fuzz >/dev/null && cmake --build --preset fuzz'
stage "fuzz run" ctest --preset fuzz
# Every native test again under AddressSanitizer and UndefinedBehaviorSanitizer (GCC), one build: unit and end to
# end with leak checks, conformance without (CMakePresets.json says why; BLIS is left out of sanitized builds, see
# src/backends/cblas/cblas_backend.cpp).
stage "asan build" sh -c 'cmake --preset asan >/dev/null && cmake --build --preset asan'
stage "asan unit + e2e" ctest --preset asan
stage "asan conformance" ctest --preset asan-conformance
