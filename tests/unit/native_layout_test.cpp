// RK3588 native layouts (rknn-abi.md): index functions at known positions, conversions are permutations that
// round-trip, so the NATIVE backend and the runtime double agree on the documented layout, not on a shared mistake.
#include <gtest/gtest.h>

#include <numeric>
#include <set>
#include <vector>

#include "backends/rknpu/native_layout.hpp"

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
  a_to_native(a.data(), native.data(), M, K, 2);
  EXPECT_EQ(std::set<uint16_t>(native.begin(), native.end()).size(), a.size());
  EXPECT_EQ(native[native_a_index(2, 31, M, 8)], a[2 * K + 31]);

  std::vector<float> c_native(M * N), c(M * N);
  std::iota(c_native.begin(), c_native.end(), 0.f);
  c_from_native(c_native.data(), c.data(), M, N);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) EXPECT_EQ(c[m * N + n], c_native[native_c_index(m, n, M)]);
}
