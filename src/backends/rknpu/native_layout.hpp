// RK3588 layouts of the matmul API (rknn-abi.md), outer dimensions first, by element width:
//   A fp16 (K/8, M, 8), int8 (K/16, M, 16), int4 (K/32, M, 32) — 128 bits per innermost run;
//   C fp32/int32 (N/4, M, 4), int16 (N/8, M, 8);
//   B fp16 (N/16, K/32, 16, 32), int8 (N/32, K/32, 32, 32), int4 (N/64, K/32, 64, 32) — B is reordered by the
//   library's helper in the backend; native_b_index exists for the runtime double and the tests.
// int4 elements are packed two per byte, element i in the low nibble when i is even (host_matrix.hpp's order).
// Index functions map a row-major (NORM) element to its native position; conversions are plain loops over them.
#pragma once
#include <cstddef>
#include <cstdint>

namespace mmbench::rknn {

inline size_t native_a_index(int64_t m, int64_t k, int64_t M, int64_t block) {  // block: 8 fp16, 16 int8, 32 int4
  return static_cast<size_t>(((k / block) * M + m) * block + k % block);
}
inline size_t native_c_index(int64_t m, int64_t n, int64_t M, int64_t block = 4) {  // block: 4 (32-bit), 8 (16-bit)
  return static_cast<size_t>(((n / block) * M + m) * block + n % block);
}
inline size_t native_b_index(int64_t k, int64_t n, int64_t K, int64_t nblock) {  // nblock: 16 fp16, 32 int8, 64 int4
  return static_cast<size_t>((((n / nblock) * (K / 32) + k / 32) * nblock + n % nblock) * 32 + k % 32);
}
inline int64_t a_block(int bits) {
  return 128 / bits;
}
inline int64_t b_nblock(int bits) {
  return bits == 16 ? 16 : bits == 8 ? 32 : 64;
}
inline int64_t c_block(int bits) {
  return bits == 16 ? 8 : 4;
}

// Element `from` of `in` to element `to` of `out`, both of `bits` (4, 8, 16 or 32).
void copy_element(const void* in, size_t from, void* out, size_t to, int bits);

// Row-major A (M×K) into the native layout, native C (M×N) back to row-major, and a row-major R×C matrix into its
// C×R transpose (B for the TP_NORM layout).
void a_to_native(const void* norm, void* native, int64_t M, int64_t K, int bits);
void c_from_native(const void* native, void* norm, int64_t M, int64_t N, int bits);
void transpose(const void* in, void* out, int64_t rows, int64_t cols, int bits);

}  // namespace mmbench::rknn
