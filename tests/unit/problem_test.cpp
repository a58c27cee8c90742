// Work and minimum traffic of a problem, and dtype facts.
#include "mmbench/problem.hpp"

#include <gtest/gtest.h>

#include "mmbench/error.hpp"

using namespace mmbench;

TEST(Problem, FlopsAndBytes) {
  const Problem p{2, 3, 4, DType::f32};
  EXPECT_DOUBLE_EQ(p.flops(), 48);
  EXPECT_DOUBLE_EQ(p.bytes(), (2 * 4 + 4 * 3 + 2 * 3) * 4);
  const Problem big{4096, 4096, 4096, DType::f64};
  EXPECT_DOUBLE_EQ(big.flops(), 2.0 * 4096 * 4096 * 4096);  // no integer overflow
  EXPECT_DOUBLE_EQ(Problem::flops_of(2, 3, 4), p.flops());
  EXPECT_DOUBLE_EQ(Problem::flops_of(1, 2.5, 4), 20);  // a fitted curve between measured sizes
  EXPECT_DOUBLE_EQ(Problem({1, 4096, 4096, DType::i8}).bytes(), 4096 + 4096.0 * 4096 + 4096 * 4);
  EXPECT_EQ(p.shape(), "2x3x4");
}

TEST(DTypes, NamesRoundTripAndUnknownIsAUsageError) {
  for (DType d : all_dtypes()) EXPECT_EQ(parse_dtype(to_string(d)), d);
  try {
    parse_dtype("fp32");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("'fp32'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("f64, f32, tf32, bf16, f16, i8, i4"), std::string::npos);
  }
}
