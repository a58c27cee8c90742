#!/usr/bin/env bash
# Builds a self-contained cuda:cublas bundle to take to a GPU machine that has the NVIDIA driver, CUDA and a CUDA
# PyTorch but none of mmbench's Debian build dependencies (the team's lent H100 is such a machine, and cannot
# fetch packages): mmbench and the conformance test binary with the CPU-only extras switched off, the shared
# libraries they need that such a machine may lack (fmt, SQLite, libgomp; never glibc or libstdc++), and run.sh,
# which runs the cuBLAS conformance cases, a sweep and bench/gpu_vs_torch.sh there.
# Usage: bench/gpu_bundle.sh            -> build/gpu-bundle/bundle (about 10 MB)
#        then, on the GPU machine, from the repository root: build/gpu-bundle/bundle/run.sh [N=8192] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/gpu-bundle
out=$build/bundle
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON -DMMB_WITH_CLBLAST=OFF \
  -DMMB_WITH_ONEDNN=OFF -DMMB_WITH_TORCH=OFF -DMMB_WITH_ONNX=OFF -DMMB_EIGEN_NATIVE=OFF >/dev/null
grep -q "MMB_WITH_CUBLAS:BOOL=ON" "$build/CMakeCache.txt" || { echo "gpu_bundle: the CUDA toolkit was not found" >&2; exit 2; }
cmake --build "$build" --target mmbench mmbench_conformance_tests >/dev/null
rm -rf "$out" && mkdir -p "$out/lib"
cp "$build/mmbench" "$build/tests/mmbench_conformance_tests" "$out/"
# The non-system libraries of both binaries, as resolved here.
ldd "$out/mmbench" "$out/mmbench_conformance_tests" | awk '$3 ~ /^\// {print $3}' | sort -u |
  grep -Ev '/(libc|libm|libdl|libpthread|librt|libgcc_s|libstdc\+\+|ld-linux[^/]*)\.so' |
  while read -r lib; do cp -L "$lib" "$out/lib/"; done
cat >"$out/run.sh" <<'EOF'
#!/usr/bin/env bash
# On the GPU machine, from the repository root: cuBLAS conformance (real GPU), a sweep, and cuBLAS vs torch.matmul.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-8192}
rounds=${2:-3}
export LD_LIBRARY_PATH="$here/lib:/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}"
"$here/mmbench" list | grep -E "cuda|reference"
"$here/mmbench_conformance_tests" --gtest_filter='*cuda_cublas*' --gtest_brief=1
"$here/mmbench" run -b cuda:cublas --size 1024,4096,8192 -d f32,tf32,f16,bf16,i8,f8 --budget 5 \
  -o /tmp/cublas-sweep
"$here/mmbench" run -b cuda:cublas -M 1 -N 8192 -K 8192 -d f16,bf16 --mode cold --budget 5 \
  -o /tmp/cublas-gemv
# The device tool brings back at most 8 files from $OUT: the two stores' JSON.
if [ -n "${OUT:-}" ]; then cp /tmp/cublas-sweep/results.json "$OUT/sweep.json"; cp /tmp/cublas-gemv/results.json "$OUT/gemv.json"; fi
MMBENCH="$here/mmbench" bench/gpu_vs_torch.sh "$n" "$rounds" python3
EOF
chmod +x "$out/run.sh"
du -sh "$out" | awk '{print "gpu_bundle: " $2 " (" $1 ")"}'
