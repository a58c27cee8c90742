// The arithmetic of the CUDA test double: column-major GEMM on the host in the element types cuBLAS and cuBLASLt
// take (fp32, TF32 rounding, fp16, bf16, int8 -> int32, FP8 E4M3), shared by the cuBLAS and cuBLASLt doubles.
// Written apart from mmbench's own conversions (src/core/half.cpp) on purpose: a test that checks the backend's
// host-side packing against the same code that packed it would prove nothing.
#pragma once

#include <library_types.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace cuda_double {

// MMBENCH_CUDA_FAULT chooses a fault: nodevice, oom, zero, crash, throttle, nofp8 (empty: behave).
inline bool fault(const char* name) {
  const char* f = std::getenv("MMBENCH_CUDA_FAULT");
  return f && std::string(f) == name;
}

inline double e4m3_to_double(uint8_t v) {  // 1 sign, 4 exponent (bias 7), 3 mantissa bits; S.1111.111 is NaN
  const int sign = v >> 7, exp = (v >> 3) & 15, man = v & 7;
  if (exp == 15 && man == 7) return NAN;
  const double mag = exp == 0 ? std::ldexp(man / 8.0, -6) : std::ldexp(1 + man / 8.0, exp - 7);
  return sign ? -mag : mag;
}

inline float bf16_to_float(uint16_t v) {
  const uint32_t bits = static_cast<uint32_t>(v) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

inline uint16_t float_to_bf16(float f) {  // round to nearest even (NaN kept quiet)
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  if (std::isnan(f)) return 0x7FC0;
  bits += 0x7FFF + ((bits >> 16) & 1);
  return static_cast<uint16_t>(bits >> 16);
}

inline float round_to_tf32(float f) {  // keep 10 mantissa bits, round to nearest even, as TF32 tensor cores read fp32
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  if (!std::isfinite(f)) return f;
  bits += 0xFFF + ((bits >> 13) & 1);
  bits &= ~0x1FFFu;
  std::memcpy(&f, &bits, 4);
  return f;
}

inline double load(cudaDataType t, const void* p, size_t i, bool tf32) {
  switch (t) {
    case CUDA_R_32F: {
      const float f = static_cast<const float*>(p)[i];
      return tf32 ? round_to_tf32(f) : f;
    }
    case CUDA_R_16F:
      return static_cast<double>(static_cast<const _Float16*>(p)[i]);
    case CUDA_R_16BF:
      return bf16_to_float(static_cast<const uint16_t*>(p)[i]);
    case CUDA_R_8I:
      return static_cast<const int8_t*>(p)[i];
    case CUDA_R_8F_E4M3:
      return e4m3_to_double(static_cast<const uint8_t*>(p)[i]);
    case CUDA_R_32I:
      return static_cast<const int32_t*>(p)[i];
    default:
      return NAN;
  }
}

inline void store(cudaDataType t, void* p, size_t i, double v) {
  switch (t) {
    case CUDA_R_32F:
      static_cast<float*>(p)[i] = static_cast<float>(v);
      break;
    case CUDA_R_16F:
      static_cast<_Float16*>(p)[i] = static_cast<_Float16>(static_cast<float>(v));
      break;
    case CUDA_R_16BF:
      static_cast<uint16_t*>(p)[i] = float_to_bf16(static_cast<float>(v));
      break;
    case CUDA_R_32I:
      static_cast<int32_t*>(p)[i] = static_cast<int32_t>(v);
      break;
    default:
      break;
  }
}

struct Operand {
  cudaDataType type;
  const void* data;
  int64_t ld;
  bool transposed;  // op(X) = Xᵀ: X is stored (k x rows) instead of (rows x k)
  double at(int64_t r, int64_t c, bool tf32) const {
    const int64_t idx = transposed ? c + r * ld : r + c * ld;
    return load(type, data, static_cast<size_t>(idx), tf32);
  }
};

// D (m x n, column-major, ld ldd) = alpha · op(A) · op(B) + beta · C; beta == 0 never reads C (BLAS semantics).
// Sums in double (int8 products exactly), so the double is at least as accurate as the hardware it stands for.
// op(A) and op(B)ᵀ are decoded once into rows of doubles so the inner loop is a plain dot product.
inline void gemm(int64_t m, int64_t n, int64_t k, double alpha, const Operand& a, const Operand& b, double beta,
                 cudaDataType ctype, const void* c, int64_t ldc, void* d, int64_t ldd, bool tf32) {
  std::vector<double> ar(static_cast<size_t>(m * k)), bc(static_cast<size_t>(n * k));
  for (int64_t i = 0; i < m; ++i)
    for (int64_t l = 0; l < k; ++l) ar[static_cast<size_t>(i * k + l)] = a.at(i, l, tf32);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t l = 0; l < k; ++l) bc[static_cast<size_t>(j * k + l)] = b.at(l, j, tf32);
  const bool zero = fault("zero");
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = 0; i < m; ++i) {
      const double* x = &ar[static_cast<size_t>(i * k)];
      const double* y = &bc[static_cast<size_t>(j * k)];
      double sum = 0;
      for (int64_t l = 0; l < k; ++l) sum += x[l] * y[l];
      double v = alpha * sum;
      if (beta != 0) v += beta * load(ctype, c, static_cast<size_t>(i + j * ldc), false);
      store(ctype, d, static_cast<size_t>(i + j * ldd), zero ? 0.0 : v);
    }
}

}  // namespace cuda_double
