// Host storage of the narrow types: f16/bf16 rounding (nearest even), the fill's ranges, and what at() returns.
#include <gtest/gtest.h>

#include <cmath>

#include "mmbench/half.hpp"
#include "mmbench/host_matrix.hpp"

using namespace mmbench;

TEST(Half, RoundTripsAndRoundsToNearestEven) {
  EXPECT_EQ(f16_bits_to_f32(f32_to_f16_bits(1.0f)), 1.0f);
  EXPECT_EQ(f32_to_f16_bits(1.0f), 0x3C00);
  EXPECT_EQ(f16_bits_to_f32(f32_to_f16_bits(65504.0f)), 65504.0f);
  EXPECT_TRUE(std::isinf(f16_bits_to_f32(f32_to_f16_bits(1e6f))));
  EXPECT_EQ(f16_bits_to_f32(f32_to_f16_bits(1.0f + 0x1p-11f)), 1.0f);  // tie -> even
  EXPECT_EQ(f32_to_bf16_bits(1.0f), 0x3F80);
  EXPECT_EQ(bf16_bits_to_f32(f32_to_bf16_bits(1.0f + 0x1p-8f)), 1.0f);               // tie -> even
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
