// Statistics of samples: order-statistic interval of the median and its coverage.
#include "mmbench/stats.hpp"

#include <cmath>

#include <gtest/gtest.h>

using namespace mmbench;

TEST(Stats, MedianAndSpread) {
  const Summary s = summarize({5, 1, 4, 2, 3});
  EXPECT_EQ(s.n, 5u);
  EXPECT_DOUBLE_EQ(s.median, 3);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 5);
  EXPECT_DOUBLE_EQ(s.mean, 3);
  EXPECT_NEAR(s.stdev, 1.5811388, 1e-6);
  EXPECT_DOUBLE_EQ(s.mad, 1);
  EXPECT_DOUBLE_EQ(median_of({4, 1, 3, 2}), 2.5);
}

TEST(Stats, MedianIntervalCoverage) {
  // n = 5: even the full range covers only 1 - 2/32 = 93.75% — too few samples for a 95% interval.
  auto five = median_interval(5);
  EXPECT_EQ(five.lo, 0u);
  EXPECT_EQ(five.hi, 4u);
  EXPECT_NEAR(five.coverage, 0.9375, 1e-12);
  // n = 6: the full range covers 96.9%.
  EXPECT_NEAR(median_interval(6).coverage, 1 - 2.0 / 64, 1e-12);
  // Large n: ranks approach n/2 ± 0.98 sqrt(n), coverage stays >= 95%.
  for (size_t n : {20u, 100u, 1000u}) {
    auto iv = median_interval(n);
    EXPECT_GE(iv.coverage, 0.95) << n;
    EXPECT_NEAR(static_cast<double>(iv.lo), n / 2.0 - 0.98 * std::sqrt(n), 2.0) << n;
    EXPECT_EQ(iv.lo + iv.hi, n - 1) << n;
  }
}

// The interval is the largest rank r whose coverage 1 - 2 P(X <= r - 1), X ~ Binomial(n, 1/2), reaches 95%: the
// running sum gives the same ranks and coverage as summing each CDF from scratch (the quadratic original).
TEST(Stats, MedianIntervalMatchesTheDefinition) {
  auto cdf = [](size_t n, size_t x) {
    long double total = 0;
    for (size_t i = 0; i <= x; ++i)
      total += std::exp(std::lgamma(n + 1.0L) - std::lgamma(i + 1.0L) - std::lgamma(n - i + 1.0L) + n * std::log(0.5L));
    return static_cast<double>(total);
  };
  for (size_t n : {6u, 7u, 9u, 17u, 64u, 333u, 1000u, 2500u}) {
    size_t want = 0;
    for (size_t r = 1; r < n / 2 && 1 - 2 * cdf(n, r - 1) >= 0.95; ++r) want = r;
    const auto iv = median_interval(n);
    EXPECT_EQ(iv.lo, want) << n;
    EXPECT_NEAR(iv.coverage, want ? 1 - 2 * cdf(n, want - 1) : 1 - 2 * std::pow(0.5, n), 1e-9) << n;
  }
}

TEST(Stats, EmptyAndSingle) {
  EXPECT_EQ(summarize({}).n, 0u);
  const Summary one = summarize({2.0});
  EXPECT_DOUBLE_EQ(one.median, 2.0);
  EXPECT_DOUBLE_EQ(one.rel_ci_halfwidth(), 0.0);
}
