// Host storage of the narrow types: f16/bf16 rounding (nearest even), the fill's ranges, and what at() returns.
#include "mmbench/half.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "mmbench/host_matrix.hpp"

using namespace mmbench;

TEST(Half, RoundTripsAndRoundsToNearestEven) {
  EXPECT_EQ(f16_bits_to_f32(f32_to_f16_bits(1.0f)), 1.0f);
  EXPECT_EQ(f32_to_f16_bits(1.0f), 0x3C00);
  EXPECT_EQ(f16_bits_to_f32(f32_to_f16_bits(65504.0f)), 65504.0f);
  EXPECT_TRUE(std::isinf(f16_bits_to_f32(f32_to_f16_bits(1e6f))));
  EXPECT_EQ(f16_bits_to_f32(f32_to_f16_bits(1.0f + 0x1p-11f)), 1.0f);  // tie -> even
  EXPECT_EQ(f32_to_bf16_bits(1.0f), 0x3F80);
  EXPECT_EQ(bf16_bits_to_f32(f32_to_bf16_bits(1.0f + 0x1p-8f)), 1.0f);                      // tie -> even
  EXPECT_EQ(bf16_bits_to_f32(f32_to_bf16_bits(1.0f + 0x1p-7f + 0x1p-8f)), 1.0f + 0x1p-6f);  // tie -> even (up)
  EXPECT_TRUE(std::isnan(bf16_bits_to_f32(f32_to_bf16_bits(NAN))));
}

TEST(HostMatrix, NarrowTypesHoldTheRoundedSameStream) {
  HostMatrix f(8, 8, DType::f32), h(8, 8, DType::f16), b(8, 8, DType::bf16), i(8, 8, DType::i8);
  for (auto* m : {&f, &h, &b, &i}) m->fill_random(5);
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 8; ++c) {
      EXPECT_NEAR(h.at(r, c), f.at(r, c), 0x1p-11);
      EXPECT_NEAR(b.at(r, c), f.at(r, c), 0x1p-8);
      EXPECT_LE(std::abs(i.at(r, c)), 127);
      EXPECT_EQ(i.at(r, c), std::round(i.at(r, c)));
    }
  EXPECT_EQ(host_input_storage(DType::tf32), DType::f32);
  EXPECT_EQ(host_output_storage(DType::f16), DType::f32);
  EXPECT_EQ(host_output_storage(DType::i8), DType::f64);
}

// FP8 E4M3: every one of the 254 finite codes round-trips, ties go to even, the range saturates at 448, the
// subnormals are multiples of 2^-9; i4 packs two per byte, low nibble first, values in [-7, 7].
TEST(Half, Fp8E4M3AndPackedInt4) {
  for (int code = 0; code < 256; ++code) {
    const float v = f8e4m3_bits_to_f32(static_cast<uint8_t>(code));
    if ((code & 0x7f) == 0x7f) {
      EXPECT_TRUE(std::isnan(v)) << code;
      continue;
    }
    if (code == 0x80) continue;  // -0 encodes as +0's twin; both decode to zero
    EXPECT_EQ(f32_to_f8e4m3_bits(v), code) << code << " " << v;
  }
  EXPECT_EQ(f8e4m3_bits_to_f32(0x38), 1.0f);  // exponent field 7
  EXPECT_EQ(f8e4m3_bits_to_f32(0x7e), 448.0f);
  EXPECT_EQ(f8e4m3_bits_to_f32(0x01), 0x1p-9f);                   // smallest subnormal
  EXPECT_EQ(f32_to_f8e4m3_bits(1.0f + 0x1p-4f), 0x38);            // halfway 1 and 1.125: to even (1)
  EXPECT_EQ(f32_to_f8e4m3_bits(1.0f + 0x1p-3f + 0x1p-4f), 0x3a);  // halfway 1.125 and 1.25: to even (1.25)
  EXPECT_EQ(f32_to_f8e4m3_bits(1e6f), 0x7e);
  EXPECT_EQ(f32_to_f8e4m3_bits(-1e6f), 0xfe);

  HostMatrix f(4, 8, DType::f32), e(4, 8, DType::f8), q(3, 5, DType::i4);
  f.fill_random(9), e.fill_random(9), q.fill_random(9);
  EXPECT_EQ(q.size_bytes(), 8u);  // 15 nibbles
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 8; ++c) EXPECT_NEAR(e.at(r, c), f.at(r, c), 0x1p-4 * std::abs(f.at(r, c)) + 0x1p-10);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 5; ++c) EXPECT_LE(std::abs(q.at(r, c)), 7);
  uint8_t packed[2] = {0, 0};
  i4_set(packed, 0, -1), i4_set(packed, 1, 7), i4_set(packed, 2, -8);
  EXPECT_EQ(packed[0], 0x7f);
  EXPECT_EQ(i4_at(packed, 0), -1);
  EXPECT_EQ(i4_at(packed, 1), 7);
  EXPECT_EQ(i4_at(packed, 2), -8);
  EXPECT_EQ(host_b_storage(DType::f16xi4), DType::i4);
  EXPECT_EQ(host_input_storage(DType::f16xi4), DType::f16);
  EXPECT_EQ(host_output_storage(DType::f8), DType::f32);
}
