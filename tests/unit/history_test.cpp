// Histories and change points (history.hpp): the exact penalised fit on known series, steps found at the run
// where they appear with their size, none in noise, small steps merged away, and histories built from stores'
// records in time order.
#include "mmbench/history.hpp"

#include <iostream>
#include <random>

#include <gtest/gtest.h>

using namespace mmbench;

namespace {

// Run values around `level(i)` with lognormal run-to-run noise `noise`, each with a ±1% interval.
std::vector<HistoryValue> series(size_t n, double noise, const std::function<double(size_t)>& level, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, noise);
  std::vector<HistoryValue> v;
  for (size_t i = 0; i < n; ++i) {
    const double x = level(i) * std::exp(z(rng));
    v.push_back({i, x, x * 0.99, x * 1.01, 1});
  }
  return v;
}

}  // namespace

TEST(History, PiecewiseConstantFitIsExactOnCleanSteps) {
  const std::vector<double> y{1, 1, 1, 1, 2, 2, 2, 0, 0, 0}, w(10, 100.0);
  EXPECT_EQ(piecewise_constant_fit(y, w, 1.0), (std::vector<size_t>{4, 7}));
  // A penalty above the gain of a split keeps one segment.
  EXPECT_TRUE(piecewise_constant_fit(y, std::vector<double>(10, 1e-3), 10.0).empty());
}

TEST(History, ATenPercentStepIsFoundWhereItAppears) {
  const auto v = series(
      20, 0.01, [](size_t i) { return i < 12 ? 1e-3 : 1.1e-3; }, 1);
  const auto c = find_change_points(v);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].at, 12u);
  EXPECT_NEAR(c[0].ratio(), 1.10, 0.02);
}

TEST(History, NoiseAloneRarelyHasAStepAndAFivePercentStepIsFound) {
  const auto flat = [](size_t) { return 1e-3; };
  const auto step = [](size_t i) { return i < 15 ? 1.0 : 1.05; };
  int false_steps = 0, found = 0;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    false_steps += static_cast<int>(find_change_points(series(30, 0.02, flat, seed)).size());
    const auto c = find_change_points(series(30, 0.02, step, 1000 + seed));
    found += !c.empty() && c[0].at >= 14 && c[0].at <= 16;
  }
  std::cout << "[ figure   ] false steps per flat series (30 runs, 2% noise) = " << false_steps / 200.0
            << "; a 5% step found at its run (+-1) = " << found / 200.0 << "\n";
  EXPECT_LE(false_steps, 10);  // at most 5% of flat series
  EXPECT_GE(found, 150);
}

TEST(History, TwoStepsAndSmallStepsMerged) {
  const auto v = series(
      30, 0.005, [](size_t i) { return i < 10   ? 1.0
                                       : i < 20 ? 0.8
                                                : 0.81; }, 3);
  const auto c = find_change_points(v, 0.02);
  ASSERT_EQ(c.size(), 1u);  // 0.80 -> 0.81 is below 2%
  EXPECT_EQ(c[0].at, 10u);
  EXPECT_TRUE(find_change_points(series(
                                     3, 0.01, [](size_t) { return 1.0; }, 4))
                  .empty());  // too short
}

TEST(History, BuiltFromStoresInTimeOrder) {
  std::vector<HistorySource> sources;
  for (int day = 9; day >= 0; --day) {  // given newest first: build_history sorts them
    Record r;
    r.key = {"x", {64, 64, 64, DType::f32}};
    r.status = Status::ok;
    const double t = day < 6 ? 1e-3 : 1.2e-3;
    r.samples_s = {t, t * 1.001, t * 0.999};
    r.summary = summarize(r.samples_s);
    sources.push_back({"d" + std::to_string(day), "2026-11-" + std::to_string(10 + day) + "T00:00:00Z", {r}});
  }
  const auto h = build_history(sources);
  ASSERT_EQ(h.size(), 1u);
  ASSERT_EQ(h[0].values.size(), 10u);
  EXPECT_EQ(sources[h[0].values[0].source].name, "d0");
  ASSERT_EQ(h[0].changes.size(), 1u);
  EXPECT_EQ(h[0].changes[0].at, 6u);
  EXPECT_NEAR(h[0].changes[0].ratio(), 1.2, 0.01);
}
