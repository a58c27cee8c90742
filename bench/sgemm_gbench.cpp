// Minimal harness: OpenBLAS cblas_sgemm (row-major, square N) under Google Benchmark, with the same data range and
// thread count as mmbench. Its GFLOP/s is the yardstick that mmbench's own timing must reproduce (ratio ~1.00).
#include <cblas.h>

#include <cstdlib>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

extern "C" void openblas_set_num_threads(int);

static void BM_sgemm(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::vector<float> a(static_cast<size_t>(n) * n), b(a.size()), c(a.size());
  std::mt19937_64 gen(42);
  for (auto* m : {&a, &b})
    for (auto& v : *m) v = static_cast<float>(static_cast<double>(gen() >> 11) * 0x1p-53 * 2.0 - 1.0);
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["GFLOPS"] = benchmark::Counter(2.0 * n * n * n * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
// No MinTime here: bench/fidelity.sh sets --benchmark_min_time, short repetitions whose median is compared with
// mmbench's median (a median against a mean would credit mmbench with ignoring the slow iterations of a busy VM).
BENCHMARK(BM_sgemm)->Arg(256)->Arg(1024)->Arg(2048)->UseRealTime();

int main(int argc, char** argv) {
  const char* t = std::getenv("MMB_THREADS");
  openblas_set_num_threads(t ? std::atoi(t) : 2);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
