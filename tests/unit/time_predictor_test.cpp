// Prediction of a call's time from smaller sizes (used to skip sizes that cannot fit the budget).
#include "mmbench/time_predictor.hpp"

#include <gtest/gtest.h>

using namespace mmbench;

static Record measured(const std::string& b, int64_t n, double seconds, int samples = 5) {
  Record r;
  r.key = {b, {n, n, n, DType::f32}};
  r.status = Status::ok;
  r.samples_s.assign(static_cast<size_t>(samples), seconds);
  r.summary = summarize(r.samples_s);
  return r;
}

TEST(TimePredictor, CubicGrowthFromTwoSizes) {
  std::vector<Record> rs{measured("x", 256, 1e-3), measured("x", 512, 8e-3), measured("y", 512, 1.0)};
  const auto t = predict_call_seconds(rs, {"x", {1024, 1024, 1024, DType::f32}});
  ASSERT_TRUE(t);
  EXPECT_NEAR(*t, 64e-3, 1e-6);
}

// One disturbed point (a descheduled thread) must not make the next sizes look impossible.
TEST(TimePredictor, OneSlowPointDoesNotInflateThePrediction) {
  std::vector<Record> rs{measured("x", 32, 1.25e-6), measured("x", 64, 8e-3)};
  const auto t = predict_call_seconds(rs, {"x", {128, 128, 128, DType::f32}});
  ASSERT_TRUE(t);
  EXPECT_NEAR(*t, 1.25e-6 * 64, 1e-9);
}

TEST(TimePredictor, NothingMeasuredNothingPredicted) {
  EXPECT_FALSE(predict_call_seconds({}, {"x", {8, 8, 8, DType::f32}}));
  std::vector<Record> other_dtype{measured("x", 128, 1e-4), measured("x", 256, 1e-3)};
  EXPECT_FALSE(predict_call_seconds(other_dtype, {"x", {8, 8, 8, DType::f64}}));
}

// Issue 17: a single 8 ms sample at 64³ on a busy machine predicted every larger eigen size out of its budget. One
// size, or sizes timed by fewer than three samples, are not evidence enough to skip anything.
TEST(TimePredictor, APredictionNeedsTwoSizesOfThreeSamplesEach) {
  const PointKey next{"x", {512, 512, 512, DType::f32}};
  EXPECT_FALSE(predict_call_seconds({measured("x", 64, 8e-3, 1)}, next));
  EXPECT_FALSE(predict_call_seconds({measured("x", 64, 8e-3)}, next));
  EXPECT_FALSE(predict_call_seconds({measured("x", 32, 1e-3, 2), measured("x", 64, 8e-3)}, next));
  EXPECT_TRUE(predict_call_seconds({measured("x", 32, 1e-3, 3), measured("x", 64, 8e-3)}, next));
}

// Issue 18: the little cluster's or one thread's times say nothing of the big cluster's or of eight threads'.
TEST(TimePredictor, OnlyTheSameThreadsAndCpuSetPredict) {
  std::vector<Record> rs{measured("x", 256, 1e-3), measured("x", 512, 8e-3)};
  for (auto& r : rs) r.key.threads = 4, r.key.cpus = "0-3";
  EXPECT_TRUE(predict_call_seconds(rs, {"x", {1024, 1024, 1024, DType::f32}, Mode::hot, 4, "0-3"}));
  EXPECT_FALSE(predict_call_seconds(rs, {"x", {1024, 1024, 1024, DType::f32}, Mode::hot, 4, "4-7"}));
  EXPECT_FALSE(predict_call_seconds(rs, {"x", {1024, 1024, 1024, DType::f32}, Mode::hot, 1, "0-3"}));
}

// The progress line's ETA and --dry-run (issue 15): a point is expected to take what its backend's points took
// while calls are fast, its first call and 6 more (or the budget) when they are slow, nothing when it will be
// skipped, and the budget when nothing is known.
static Record walled(const std::string& b, int64_t n, double call_s, double wall_s) {
  Record r = measured(b, n, call_s, 6);
  r.wall_s = wall_s;
  return r;
}

TEST(TimePredictor, ExpectedPointTimesFollowTheirBackendsAndTheCallTime) {
  MeasureOptions opt;  // budget 3 s, timeout 120 s: time limit 60 s
  const std::vector<Record> rs{walled("x", 256, 1e-3, 0.4), walled("x", 512, 8e-3, 0.6), walled("y", 512, 1e-3, 2.0)};
  EXPECT_DOUBLE_EQ(expected_point_seconds({}, {"x", {64, 64, 64, DType::f32}}, opt), opt.budget_s + 0.05);
  // Fast calls (64 ms at 1024): the median of x's points.
  EXPECT_DOUBLE_EQ(expected_point_seconds(rs, {"x", {1024, 1024, 1024, DType::f32}}, opt), 0.5);
  // 0.512 s calls at 2048: the first call plus max(6 calls, budget) caps 7 calls.
  EXPECT_NEAR(expected_point_seconds(rs, {"x", {2048, 2048, 2048, DType::f32}}, opt), 7 * 0.512, 1e-9);
  EXPECT_NEAR(expected_point_seconds(rs, {"x", {4096, 4096, 4096, DType::f32}}, opt), 7 * 4.096, 1e-9);
  // 33 s calls at 8192: 7 of them pass the 60 s limit, so the skip rule takes it: no time.
  EXPECT_DOUBLE_EQ(expected_point_seconds(rs, {"x", {8192, 8192, 8192, DType::f32}}, opt), 0.0);
  // A backend not measured yet: the others' median point.
  EXPECT_DOUBLE_EQ(expected_point_seconds(rs, {"z", {64, 64, 64, DType::f32}}, opt), 0.6);
  const std::vector<PointKey> rest{{"x", {1024, 1024, 1024, DType::f32}}, {"z", {64, 64, 64, DType::f32}}};
  EXPECT_DOUBLE_EQ(*expected_remaining_seconds(rs, rest, opt), 1.1);
}
