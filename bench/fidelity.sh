#!/usr/bin/env bash
# Fidelity benchmark: OpenBLAS sgemm at N = 256, 1024, 2048 timed by a minimal Google Benchmark harness and by
# `mmbench run`, alternating, in one session; prints the median GFLOP/s of each and their ratio (target 1.00 ± 0.02).
# Then the peak RSS of mmbench's worker at N = 4096 against 1.3 × (bytes of A, B, C) + 64 MiB.
# Usage: bench/fidelity.sh [rounds=3] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
threads=${2:-2}
scripts/install-deps.sh
cmake --preset bench >/dev/null
cmake --build --preset bench >/dev/null
bin=build/bench/mmbench
gb=build/bench/bench/sgemm_gbench
work=$(mktemp -d)
for r in $(seq 1 "$rounds"); do
  MMB_THREADS=$threads "$gb" --benchmark_format=json --benchmark_repetitions=3 \
    --benchmark_report_aggregates_only=true >"$work/gb$r.json" 2>/dev/null
  "$bin" run --backend cblas:openblas --size 256,1024,2048 --threads "$threads" --quiet -o "$work/mm$r" >/dev/null
  echo "round $r of $rounds done" >&2
done
"$bin" run --backend cblas:openblas --size 4096 --threads "$threads" --budget 5 --quiet -o "$work/rss" >/dev/null
/usr/bin/python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
gb, mm = {}, {}
for r in range(1, rounds + 1):
    for b in json.load(open(f"{work}/gb{r}.json"))["benchmarks"]:
        if b.get("aggregate_name") == "median":
            gb.setdefault(int(b["run_name"].split("/")[1]), []).append(b["GFLOPS"])
    for res in json.load(open(f"{work}/mm{r}/results.json"))["results"]:
        mm.setdefault(res["n"], []).append(res["gflops"])
print(f"{'N':>6} {'google-benchmark':>17} {'mmbench':>9} {'ratio':>7}   (median GFLOP/s over {rounds} alternating rounds)")
for n in sorted(gb):
    g, m = statistics.median(gb[n]), statistics.median(mm[n])
    print(f"{n:>6} {g:>17.1f} {m:>9.1f} {m / g:>7.3f}")
res = json.load(open(f"{work}/rss/results.json"))["results"][0]
abc = 3 * 4096 * 4096 * 4
limit = 1.3 * abc + 64 * 2**20
print(f"peak RSS at N=4096: {res['peak_rss_bytes'] / 2**20:.1f} MiB; A+B+C = {abc / 2**20:.0f} MiB; "
      f"target <= {limit / 2**20:.0f} MiB -> {'ok' if res['peak_rss_bytes'] <= limit else 'OVER'} "
      f"(status {res['status']}, {res['gflops']:.1f} GFLOP/s)")
PY
rm -rf "$work"
