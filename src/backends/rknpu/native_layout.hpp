// RK3588 native layouts of the matmul API (rknn-abi.md), outer dimensions first:
//   A fp16 (K/8, M, 8), A int8 (K/16, M, 16); C fp32/int32 (N/4, M, 4);
//   B fp16 (N/16, K/32, 16, 32), B int8 (N/32, K/32, 32, 32) — B is reordered by the library's helper in the backend,
//   this function exists for the runtime double and the tests.
// Index functions map a row-major (NORM) element to its native position; conversions are plain loops over them.
#pragma once
#include <cstddef>
#include <cstdint>

namespace mmbench::rknn {

inline size_t native_a_index(int64_t m, int64_t k, int64_t M, int64_t block) {  // block: 8 fp16, 16 int8
  return static_cast<size_t>(((k / block) * M + m) * block + k % block);
}
inline size_t native_c_index(int64_t m, int64_t n, int64_t M) { return static_cast<size_t>(((n / 4) * M + m) * 4 + n % 4); }
inline size_t native_b_index(int64_t k, int64_t n, int64_t K, int64_t nblock) {  // nblock: 16 fp16, 32 int8
  return static_cast<size_t>((((n / nblock) * (K / 32) + k / 32) * nblock + n % nblock) * 32 + k % 32);
}

// Row-major A (M×K, elements of `bytes`) into the native layout, and native C (M×N, 4-byte elements) back.
void a_to_native(const void* norm, void* native, int64_t M, int64_t K, int bytes);
void c_from_native(const void* native, void* norm, int64_t M, int64_t N);

}  // namespace mmbench::rknn
