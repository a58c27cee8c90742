// Verification: correct results pass at every size; a single wrong entry, NaN or an all-zero C fail;
// tolerances follow the dtype's roundoff and grow with K.
#include "mmbench/verify.hpp"

#include <cmath>

#include <gtest/gtest.h>

using namespace mmbench;

namespace {

struct Case {
  Problem p;
  HostMatrix a, b, c;
};

Case make_case(int64_t m, int64_t n, int64_t k, DType d) {
  Case c{{m, n, k, d}, HostMatrix(m, k, d), HostMatrix(k, n, d), HostMatrix(m, n, d)};
  c.a.fill_random(1);
  c.b.fill_random(2);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double s = 0;
      for (int64_t l = 0; l < k; ++l) s += c.a.at(i, l) * c.b.at(l, j);
      if (d == DType::f32)
        c.c.as<float>()[i * n + j] = static_cast<float>(s);
      else
        c.c.as<double>()[i * n + j] = s;
    }
  return c;
}

}  // namespace

TEST(Tolerance, FollowsRoundoffAndK) {
  EXPECT_GT(tolerance_for(DType::f32, 4096), tolerance_for(DType::f32, 16));
  EXPECT_GT(tolerance_for(DType::f32, 64), 1e6 * tolerance_for(DType::f64, 64));
  EXPECT_GT(tolerance_for(DType::bf16, 64), tolerance_for(DType::f16, 64));
  EXPECT_EQ(tolerance_for(DType::i8, 4096), 0.0);
}

TEST(Verify, CorrectResultsPass) {
  for (auto [m, n, k] : {std::tuple{1, 1, 1}, {7, 13, 5}, {64, 64, 300}})
    for (DType d : {DType::f32, DType::f64}) {
      auto c = make_case(m, n, k, d);
      const auto v = verify(c.p, c.a, c.b, c.c, 7);
      EXPECT_TRUE(v.passed) << c.p.shape() << " " << to_string(d) << ": " << v.reason;
      EXPECT_LT(v.max_rel_err, v.tolerance);
    }
}

TEST(Verify, OneWrongEntryAnywhereFails) {
  auto c = make_case(48, 40, 32, DType::f32);
  c.c.as<float>()[17 * 40 + 23] += 0.05f;  // not a corner; caught by Freivalds if not sampled
  const auto v = verify(c.p, c.a, c.b, c.c, 7);
  EXPECT_FALSE(v.passed);
}

TEST(Verify, NanAndZeroFail) {
  auto c = make_case(8, 8, 8, DType::f32);
  c.c.as<float>()[9] = NAN;
  EXPECT_NE(verify(c.p, c.a, c.b, c.c, 1).reason.find("nan"), std::string::npos);
  c.c.fill_zero();
  EXPECT_EQ(verify(c.p, c.a, c.b, c.c, 1).reason, "C is all zeros");
}

TEST(Verify, F32ResultIsNotGoodEnoughForF64) {
  auto c = make_case(16, 16, 64, DType::f64);
  for (int i = 0; i < 256; ++i) c.c.as<double>()[i] = static_cast<float>(c.c.as<double>()[i]);
  EXPECT_FALSE(verify(c.p, c.a, c.b, c.c, 1).passed);
}
