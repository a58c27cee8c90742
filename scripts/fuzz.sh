#!/usr/bin/env bash
# Fuzz mmbench's input readers: scripts/fuzz.sh TARGET... [SECONDS] (targets: range fit_csv record_json cli onnx, or
# all; default 60 s each). Builds the `fuzz` preset (clang, libFuzzer, ASan+UBSan), runs each target for SECONDS
# with its seed corpus (tests/fuzz/corpus/TARGET, read only: new inputs go to build/fuzz/scratch/TARGET), then prints
# executions, exec/s, coverage and any crash, whose input is kept in build/fuzz/artifacts/TARGET/.
# Exit status 1 when a target found something. JOBS=N limits the build; FUZZ_ARGS adds libFuzzer options.
set -euo pipefail
cd "$(dirname "$0")/.."
all=(range fit_csv record_json cli onnx)
seconds=60
targets=()
for a in "$@"; do
  if [[ $a =~ ^[0-9]+$ ]]; then seconds=$a
  elif [[ $a == all ]]; then targets+=("${all[@]}")
  else targets+=("$a"); fi
done
if [[ ${#targets[@]} -eq 0 ]]; then
  echo "usage: scripts/fuzz.sh TARGET... [SECONDS]   (targets: ${all[*]} or all)" >&2
  exit 2
fi
[[ -f build/fuzz/CMakeCache.txt ]] || cmake --preset fuzz >/dev/null
cmake --build --preset fuzz ${JOBS:+-j "$JOBS"}

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
found=0
for t in "${targets[@]}"; do
  bin=build/fuzz/tests/fuzz/fuzz_$t
  corpus=tests/fuzz/corpus/$t
  if [[ ! -x $bin || ! -d $corpus ]]; then
    echo "fuzz.sh: no target '$t' in this build (known: ${all[*]})" >&2
    exit 2
  fi
  scratch=build/fuzz/scratch/$t artifacts=build/fuzz/artifacts/$t log=build/fuzz/logs/$t.log
  mkdir -p "$scratch" "$artifacts" "$(dirname "$log")"
  dict=()
  [[ -f tests/fuzz/$t.dict ]] && dict=(-dict="tests/fuzz/$t.dict")
  echo "== $t: ${seconds} s, corpus $corpus (new inputs: $scratch)"
  before=$(find "$artifacts" -type f ! -name 'slow-unit-*' | wc -l)
  touch "$log.start"
  rc=0
  # shellcheck disable=SC2086  # FUZZ_ARGS is a list of options
  "$bin" "${dict[@]}" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/" \
    ${FUZZ_ARGS:-} "$scratch" "$corpus" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
  echo "   executions ${execs:-?}, ${secs:-?} exec/s, ${cov:-no coverage line}, corpus $(ls "$scratch" | wc -l) new inputs"
  # libFuzzer also keeps inputs slower than -report_slow_units (10 s): a note, not a finding (a busy machine makes
  # them; replay one alone to time it).
  slow=$(find "$artifacts" -name 'slow-unit-*' -newer "$log.start" | head -1)
  [[ -n $slow ]] && echo "   slow input (not a crash; $(sed -n 's/^stat::slowest_unit_time_sec: *//p' "$log" | tail -1) s): $slow; time it alone with: $bin $slow"
  if [[ $rc -ne 0 || $(find "$artifacts" -type f ! -name 'slow-unit-*' | wc -l) -ne $before ]]; then
    found=1
    echo "   FINDING (exit $rc): $(ls -t "$artifacts" | head -1)"
    grep -m1 -E 'ERROR: (AddressSanitizer|libFuzzer|UndefinedBehaviorSanitizer)|runtime error:' "$log" || true
    echo "   log: $log; minimise with: $bin -minimize_crash=1 -runs=100000 $artifacts/<crash-file>"
  fi
done
exit $found
