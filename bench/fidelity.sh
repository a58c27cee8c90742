#!/usr/bin/env bash
# Fidelity benchmark: OpenBLAS sgemm at N = 256, 1024, 2048 timed by a minimal Google Benchmark harness (median of
# 20 repetitions of 0.1 s) and by `mmbench run` (median of its samples), alternating, in one session; prints the
# median GFLOP/s of each over the rounds and their ratio (target 1.00 ± 0.02),
# and mmbench's lowest and highest round. mmbench measures N = 128 first, so N = 256 is a warm worker's point (no
# warm-up minimum): a bimodal start (103 or 138 GFLOP/s) would show as a wide range there.
# Then the peak RSS of one worker that measures N = 1024, 2048, 3072, 4096 in turn against 1.3 × (bytes of A, B, C
# at 4096) + 64 MiB: it must not grow with the points it has measured.
# Usage: bench/fidelity.sh [rounds=3] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
threads=${2:-2}
scripts/install-deps.sh test
cmake --preset bench >/dev/null
cmake --build --preset bench >/dev/null
bin=build/bench/mmbench
gb=build/bench/bench/sgemm_gbench
work=$(mktemp -d)
for r in $(seq 1 "$rounds"); do
  # Like with like: mmbench reports the median of its samples, so Google Benchmark's figure is the median of short
  # repetitions (0.1 s each, 20 of them), not of a few 1 s means (which take in every slow iteration; until
  # 2026-11-29 the script compared 3 x 1 s means, and mmbench read 1-5% higher at every N on a busy VM).
  MMB_THREADS=$threads "$gb" --benchmark_format=json --benchmark_repetitions=20 --benchmark_min_time=0.1 \
    --benchmark_report_aggregates_only=true >"$work/gb$r.json" 2>/dev/null
  "$bin" run --backend cblas:openblas --size 128,256,1024,2048 --threads "$threads" --quiet -o "$work/mm$r" >/dev/null
  echo "round $r of $rounds done" >&2
done
"$bin" run --backend cblas:openblas --size 1024:4096:1024 --threads "$threads" --budget 5 --quiet -o "$work/rss" >/dev/null
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
print(f"{'N':>6} {'google-benchmark':>17} {'mmbench':>9} {'ratio':>7} {'mmbench range':>15}"
      f"   (median GFLOP/s over {rounds} alternating rounds)")
for n in sorted(gb):
    g, m = statistics.median(gb[n]), statistics.median(mm[n])
    print(f"{n:>6} {g:>17.1f} {m:>9.1f} {m / g:>7.3f} {min(mm[n]):>7.1f}-{max(mm[n]):<7.1f}")
abc = 3 * 4096 * 4096 * 4
limit = 1.3 * abc + 64 * 2**20
for res in json.load(open(f"{work}/rss/results.json"))["results"]:
    print(f"N={res['n']}: point {res.get('worker_point')} of its worker, peak RSS so far "
          f"{res['peak_rss_bytes'] / 2**20:.1f} MiB (status {res['status']}, {res['gflops']:.1f} GFLOP/s)")
print(f"A+B+C at 4096 = {abc / 2**20:.0f} MiB; target <= {limit / 2**20:.0f} MiB -> "
      f"{'ok' if res['peak_rss_bytes'] <= limit else 'OVER'}")
PY
rm -rf "$work"
