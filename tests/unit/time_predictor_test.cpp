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
