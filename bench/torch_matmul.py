#!/usr/bin/env python3
"""torch.matmul timed the way mmbench times cuda:cublas: device-resident operands, warm-up, CUDA events around
batches of calls, the median over samples. Prints one JSON object {dtype: {"n":..., "tflops":..., "median_s":...}}.
f8 is torch._scaled_mm on float8_e4m3fn with unit scales and fp32 output (A row-major, B column-major: the TN
form cuBLASLt needs, as cuda:cublas does it); CUDA only (sm_89+).
Usage: torch_matmul.py N [dtypes=f16,bf16,tf32,f32] [device=cuda]   (device=cpu only checks that the script runs)."""
import json
import statistics
import sys

import torch

n = int(sys.argv[1])
dtypes = (sys.argv[2] if len(sys.argv) > 2 else "f16,bf16,tf32,f32").split(",")
device = sys.argv[3] if len(sys.argv) > 3 else "cuda"
torch_type = {"f16": torch.float16, "bf16": torch.bfloat16, "tf32": torch.float32, "f32": torch.float32,
              "f8": torch.float32}
out = {}
for name in dtypes:
    # tf32 is fp32 storage with TF32 tensor-core math, as cuda:cublas's CUBLAS_COMPUTE_32F_FAST_TF32.
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = name == "tf32"
    g = torch.Generator(device="cpu").manual_seed(42)
    a = (torch.rand(n, n, generator=g) * 2 - 1).to(device=device, dtype=torch_type[name])
    b = (torch.rand(n, n, generator=g) * 2 - 1).to(device=device, dtype=torch_type[name])
    c = torch.empty(n, n, device=device, dtype=torch_type[name])
    mm = lambda: torch.matmul(a, b, out=c)
    if name == "f8":
        if device != "cuda":
            continue
        a8 = a.to(torch.float8_e4m3fn)
        b8 = b.t().contiguous().to(torch.float8_e4m3fn).t()  # column-major K x N
        one = torch.ones((), device=device, dtype=torch.float32)
        mm = lambda: torch._scaled_mm(a8, b8, scale_a=one, scale_b=one, out_dtype=torch.float32)
    mm()  # first call: library load and heuristics, not sampled
    calls = 10 if device == "cuda" else 1
    samples = []
    for _ in range(3 if device == "cpu" else 30):
        if device == "cuda":
            start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            for _ in range(calls):
                mm()
            stop.record()
            stop.synchronize()
            samples.append(start.elapsed_time(stop) * 1e-3 / calls)
        else:
            import time
            t0 = time.perf_counter()
            mm()
            samples.append(time.perf_counter() - t0)
    med = statistics.median(samples)
    out[name] = {"n": n, "median_s": med, "tflops": 2 * n ** 3 / med / 1e12, "torch": torch.__version__}
print(json.dumps(out))
