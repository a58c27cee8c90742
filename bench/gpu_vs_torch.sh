#!/usr/bin/env bash
# cuda:cublas against torch.matmul on the same shapes and dtypes, in one session, alternating: the issue's target is
# cuda:cublas >= 0.97 x torch's TFLOP/s for f16 and bf16 at N = 8192. Needs an NVIDIA GPU and a CUDA build of
# PyTorch for python3 (Debian's python3-torch is CPU-only: use a venv with a CUDA wheel on the GPU machine).
# Usage: bench/gpu_vs_torch.sh [N=8192] [rounds=3] [python=python3]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-8192}
rounds=${2:-3}
py=${3:-python3}
bin=${MMBENCH:-build/release/mmbench}
[ -x "$bin" ] || { cmake --preset release >/dev/null && cmake --build --preset release >/dev/null; }
work=$(mktemp -d)
for r in $(seq 1 "$rounds"); do
  "$bin" run -b cuda:cublas --size "$n" -d f16,bf16,tf32,f32,f8 --budget 10 --quiet -o "$work/mm$r" >/dev/null
  "$py" bench/torch_matmul.py "$n" f16,bf16,tf32,f32,f8 cuda >"$work/torch$r.json"
  echo "round $r of $rounds done" >&2
done
"$py" - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
mm, th = {}, {}
for r in range(1, rounds + 1):
    for res in json.load(open(f"{work}/mm{r}/results.json"))["results"]:
        if res["status"] in ("ok", "noisy"):
            mm.setdefault(res["dtype"], []).append(res["gflops"] / 1e3)
    for d, v in json.load(open(f"{work}/torch{r}.json")).items():
        th.setdefault(d, []).append(v["tflops"])
print(f"{'dtype':6} {'cuBLAS TFLOP/s':>15} {'torch TFLOP/s':>14} {'ratio':>6}")
for d in ("f16", "bf16", "tf32", "f32", "f8"):
    if d in mm and d in th:
        a, b = statistics.median(mm[d]), statistics.median(th[d])
        print(f"{d:6} {a:15.1f} {b:14.1f} {a / b:6.3f}")
PY
