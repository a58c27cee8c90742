// RK3588 native layouts (rknn-abi.md): index functions at known positions, conversions are permutations that
// round-trip, so the NATIVE backend and the runtime double agree on the documented layout, not on a shared mistake.
#include "backends/rknpu/native_layout.hpp"

#include <numeric>
#include <set>
#include <vector>

#include <gtest/gtest.h>

using namespace mmbench::rknn;

TEST(NativeLayout, KnownPositions) {
  // A fp16 (K/8, M, 8), M = 4: A[1][9] -> block 1, row 1, lane 1 -> (1*4 + 1)*8 + 1 = 41
  EXPECT_EQ(native_a_index(1, 9, 4, 8), 41u);
  // A int8 (K/16, M, 16)
  EXPECT_EQ(native_a_index(2, 17, 4, 16), ((1 * 4 + 2) * 16 + 1u));
  // C (N/4, M, 4), M = 3: C[2][5] -> (1*3 + 2)*4 + 1 = 21
  EXPECT_EQ(native_c_index(2, 5, 3), 21u);
  // B fp16 (N/16, K/32, 16, 32), K = 64: B[k=33][n=17] -> ((1*2 + 1)*16 + 1)*32 + 1 = 1569
  EXPECT_EQ(native_b_index(33, 17, 64, 16), 1569u);
}

TEST(NativeLayout, ConversionsArePermutationsThatRoundTrip) {
  const int64_t M = 3, K = 32, N = 8;
  std::vector<uint16_t> a(M * K), native(M * K);
  std::iota(a.begin(), a.end(), 0);
  a_to_native(a.data(), native.data(), M, K, 16);
  EXPECT_EQ(std::set<uint16_t>(native.begin(), native.end()).size(), a.size());
  EXPECT_EQ(native[native_a_index(2, 31, M, 8)], a[2 * K + 31]);

  std::vector<float> c_native(M * N), c(M * N);
  std::iota(c_native.begin(), c_native.end(), 0.f);
  c_from_native(c_native.data(), c.data(), M, N, 32);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) EXPECT_EQ(c[m * N + n], c_native[native_c_index(m, n, M)]);
}

TEST(NativeLayout, Int4AndInt16AndTranspose) {
  // A int4 (K/32, M, 32), two per byte, low nibble first: element (m, k) lands at nibble native_a_index(m, k, M, 32).
  const int64_t M = 2, K = 64;
  std::vector<uint8_t> a(M * K / 2), native(M * K / 2, 0);
  for (int64_t i = 0; i < M * K; ++i) {
    const uint8_t v = static_cast<uint8_t>(i % 16);
    a[i / 2] |= (i & 1) ? v << 4 : v;
  }
  a_to_native(a.data(), native.data(), M, K, 4);
  auto nib = [](const std::vector<uint8_t>& p, size_t i) { return (i & 1) ? p[i / 2] >> 4 : p[i / 2] & 0xf; };
  for (int64_t m = 0; m < M; ++m)
    for (int64_t k = 0; k < K; ++k) EXPECT_EQ(nib(native, native_a_index(m, k, M, 32)), nib(a, m * K + k));
  EXPECT_EQ(native_a_index(1, 33, M, 32), static_cast<size_t>((1 * M + 1) * 32 + 1));

  // C int16 (N/8, M, 8).
  const int64_t N = 16;
  std::vector<int16_t> c_native(M * N), c(M * N);
  std::iota(c_native.begin(), c_native.end(), int16_t{0});
  c_from_native(c_native.data(), c.data(), M, N, 16);
  EXPECT_EQ(c[1 * N + 9], c_native[(1 * M + 1) * 8 + 1]);

  // TP_NORM B: K x N row-major to N x K, int4 included.
  std::vector<uint8_t> b(4 * 6 / 2, 0), bt(4 * 6 / 2, 0);
  for (int i = 0; i < 24; ++i) b[i / 2] |= (i & 1) ? (i % 16) << 4 : i % 16;
  transpose(b.data(), bt.data(), 4, 6, 4);
  for (int r = 0; r < 4; ++r)
    for (int col = 0; col < 6; ++col) EXPECT_EQ(nib(bt, col * 4 + r), nib(b, r * 6 + col));
}
