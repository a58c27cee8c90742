// FMA-bound and bandwidth-bound kernels. The FMA kernel keeps 12 independent accumulators so the FMA latency
// (4 cycles) × throughput (2/cycle) is covered; each iteration is 12 vector FMAs. Intrinsics, not auto-
// vectorisation: the point is a known instruction mix, and ISO C++ mode disables FMA contraction. The read
// kernel uses 8 accumulators (a single `double` sum is latency-bound at ≈ 16 GB/s here, machine-notes.md).
#include "roofs/kernels.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace mmbench::roofs {
namespace {

#if defined(__x86_64__)
__attribute__((target("avx512f"))) double fma_avx512(int64_t iters, float* sink) {
  __m512 acc[12];
  const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
  for (int i = 0; i < 12; ++i) acc[i] = _mm512_set1_ps(static_cast<float>(i));
  for (int64_t it = 0; it < iters; ++it)
    for (int i = 0; i < 12; ++i) acc[i] = _mm512_fmadd_ps(acc[i], x, y);
  __m512 s = acc[0];
  for (int i = 1; i < 12; ++i) s = _mm512_add_ps(s, acc[i]);
  // Summed through memory: GCC 12's _mm512_reduce_add_ps warns (a false -Wuninitialized inside its header), and
  // a new user's first build should not print warnings.
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, s);
  for (float v : lanes) *sink += v;
  return static_cast<double>(iters) * 12 * 16 * 2;
}

__attribute__((target("avx2,fma"))) double fma_avx2(int64_t iters, float* sink) {
  __m256 acc[12];
  const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
  for (int i = 0; i < 12; ++i) acc[i] = _mm256_set1_ps(static_cast<float>(i));
  for (int64_t it = 0; it < iters; ++it)
    for (int i = 0; i < 12; ++i) acc[i] = _mm256_fmadd_ps(acc[i], x, y);
  __m256 s = acc[0];
  for (int i = 1; i < 12; ++i) s = _mm256_add_ps(s, acc[i]);
  float out[8];
  _mm256_storeu_ps(out, s);
  for (float v : out) *sink += v;
  return static_cast<double>(iters) * 12 * 8 * 2;
}
#elif defined(__aarch64__)
double fma_neon(int64_t iters, float* sink) {
  float32x4_t acc[12];
  const float32x4_t x = vdupq_n_f32(0.999999f), y = vdupq_n_f32(1e-7f);
  for (int i = 0; i < 12; ++i) acc[i] = vdupq_n_f32(static_cast<float>(i));
  for (int64_t it = 0; it < iters; ++it)
    for (int i = 0; i < 12; ++i) acc[i] = vfmaq_f32(y, acc[i], x);
  float32x4_t s = acc[0];
  for (int i = 1; i < 12; ++i) s = vaddq_f32(s, acc[i]);
  *sink += vaddvq_f32(s);
  return static_cast<double>(iters) * 12 * 4 * 2;
}
#endif

double fma_scalar(int64_t iters, float* sink) {  // mul + add: no FMA instruction assumed
  float acc[12];
  for (int i = 0; i < 12; ++i) acc[i] = static_cast<float>(i);
  for (int64_t it = 0; it < iters; ++it)
    for (int i = 0; i < 12; ++i) acc[i] = acc[i] * 0.999999f + 1e-7f;
  for (float v : acc) *sink += v;
  return static_cast<double>(iters) * 12 * 2;
}

}  // namespace

std::string best_isa() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return "avx512f";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "avx2+fma";
  return "scalar";
#elif defined(__aarch64__)
  return "neon";
#else
  return "scalar";
#endif
}

int fp32_lanes(const std::string& isa) {
  if (isa == "avx512f") return 16;
  if (isa == "avx2+fma") return 8;
  if (isa == "neon") return 4;
  return 1;
}

double fma_kernel(const std::string& isa, int64_t iters, float* sink) {
#if defined(__x86_64__)
  if (isa == "avx512f") return fma_avx512(iters, sink);
  if (isa == "avx2+fma") return fma_avx2(iters, sink);
#elif defined(__aarch64__)
  if (isa == "neon") return fma_neon(iters, sink);
#endif
  return fma_scalar(iters, sink);
}

double read_kernel(const double* a, size_t n) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) s[j] += a[i + j];
  for (; i < n; ++i) s[0] += a[i];
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

void triad_kernel(double* a, const double* b, const double* c, double s, size_t n) {
  for (size_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
}

}  // namespace mmbench::roofs
