// The comparison of two sides' records (comparison.hpp): points matched on their key with unmatched ones listed,
// rounds as replicates, a status change dominating the times, the gate's correction, per-backend summaries that
// count rounds, the calibration, and what differs between two environments.
#include "mmbench/comparison.hpp"

#include <random>

#include <gtest/gtest.h>

#include "mmbench/error.hpp"

using namespace mmbench;

namespace {

// A point's record in one round: 20 samples around `seconds` (lognormal, sd `noise`).
Record rec(const std::string& backend, int64_t n, int round, double seconds, std::mt19937_64& rng, double noise = 0.01,
           Status status = Status::ok) {
  Record r;
  r.key = {backend, {n, n, n, DType::f32}, Mode::hot, 2, ""};
  r.round = round;
  r.status = status;
  std::normal_distribution<double> z(0, noise);
  if (is_success(status))
    for (int i = 0; i < 20; ++i) r.samples_s.push_back(seconds * std::exp(z(rng)));
  r.library = "lib", r.version = "1.0";
  return r;
}

// Three rounds of `sizes` for one backend; each round drifts by a shared factor (run-to-run noise).
std::vector<Record> side(const std::string& backend, const std::vector<int64_t>& sizes, double factor,
                         std::mt19937_64& rng, int rounds = 3) {
  std::vector<Record> out;
  std::normal_distribution<double> drift(0, 0.005);
  for (int round = 1; round <= rounds; ++round) {
    const double d = std::exp(drift(rng));
    for (int64_t n : sizes) out.push_back(rec(backend, n, round, 1e-3 * static_cast<double>(n) / 64 * factor * d, rng));
  }
  return out;
}

}  // namespace

TEST(Comparison, ATenPercentSlowdownIsConfirmedAtEveryPoint) {
  std::mt19937_64 rng(1);
  const auto a = side("x", {64, 128, 256, 512}, 1.0, rng), b = side("x", {64, 128, 256, 512}, 1.10, rng);
  const RunComparison c = compare_records(a, b, {});
  ASSERT_EQ(c.points.size(), 4u);
  for (const auto& p : c.points) {
    EXPECT_EQ(p.verdict, Verdict::slower);
    EXPECT_TRUE(p.confirmed_regression);
    EXPECT_EQ(p.runs_a, 3);
    EXPECT_NEAR(p.effect->ratio, 1.10, 0.02);
  }
  EXPECT_EQ(c.regressions, 4u);
  ASSERT_EQ(c.backends.size(), 1u);
  EXPECT_EQ(c.backends[0].slower, 4u);
  EXPECT_NEAR(c.backends[0].effect.ratio, 1.10, 0.02);
  EXPECT_GT(c.backends[0].effect.low, 1.0);
}

TEST(Comparison, UnmatchedPointsAreListedNotDropped) {
  std::mt19937_64 rng(2);
  const auto a = side("x", {64, 128}, 1.0, rng), b = side("x", {128, 256}, 1.0, rng);
  const RunComparison c = compare_records(a, b, {});
  ASSERT_EQ(c.points.size(), 1u);
  EXPECT_EQ(c.points[0].key.problem.m, 128);
  ASSERT_EQ(c.only_a.size(), 1u);
  EXPECT_EQ(c.only_a[0].problem.m, 64);
  ASSERT_EQ(c.only_b.size(), 1u);
  EXPECT_EQ(c.only_b[0].problem.m, 256);
}

TEST(Comparison, AStatusChangeToWrongIsARegressionWhateverTheTimes) {
  std::mt19937_64 rng(3);
  auto a = side("x", {64}, 1.0, rng, 1);
  std::vector<Record> b{rec("x", 64, 1, 0.5e-3, rng, 0.01, Status::wrong)};  // "faster", but wrong
  const RunComparison c = compare_records(a, b, {});
  ASSERT_EQ(c.points.size(), 1u);
  EXPECT_TRUE(c.points[0].status_regression);
  EXPECT_TRUE(c.points[0].confirmed_regression);
  EXPECT_FALSE(c.points[0].effect.has_value());
  EXPECT_EQ(c.regressions, 1u);
  // The other way round (fixed) is no regression.
  const RunComparison back = compare_records(b, a, {});
  EXPECT_EQ(back.regressions, 0u);
}

TEST(Comparison, OneRunPerSideSaysBetweenRunNoiseIsUnknownUnlessCalibrated) {
  std::mt19937_64 rng(4);
  const auto a = side("x", {64, 1024}, 1.0, rng, 1), b = side("x", {64, 1024}, 1.0, rng, 1);
  EXPECT_TRUE(compare_records(a, b, {}).between_run_noise_unknown);
  NoiseCalibration cal;
  cal.sd = {{"x|f32|small", 0.03}, {"x|f32|medium", 0.01}};
  CompareOptions o;
  o.calibration = &cal;
  const RunComparison c = compare_records(a, b, o);
  EXPECT_FALSE(c.between_run_noise_unknown);
  // δ is the larger of the floor and the calibrated noise of the point's size range.
  EXPECT_DOUBLE_EQ(c.points[0].delta, 0.03);
  EXPECT_EQ(c.points[0].delta_source, "calibrated");
  EXPECT_DOUBLE_EQ(c.points[1].delta, 0.02);
  EXPECT_EQ(c.points[1].delta_source, "floor");
}

TEST(Comparison, CalibrationPoolsTheBetweenRunNoisePerBackendAndSizeRange) {
  std::mt19937_64 rng(5);
  const auto records = side("x", {64, 128, 1024}, 1.0, rng, 5);
  const NoiseCalibration cal = calibrate_noise(records);
  EXPECT_EQ(cal.runs, 5);
  ASSERT_TRUE(cal.lookup(records[0].key).has_value());
  EXPECT_LT(*cal.lookup(records[0].key), 0.03);
  EXPECT_TRUE(cal.sd.count("x|f32|medium"));
  EXPECT_FALSE(cal.sd.count("x|f32|large"));
  const NoiseCalibration back = noise_calibration_from_json(to_json(cal));
  EXPECT_EQ(back.sd, cal.sd);
  EXPECT_THROW(calibrate_noise(side("x", {64}, 1.0, rng, 1)), UsageError);
  EXPECT_THROW(noise_calibration_from_json(nlohmann::json::object()), Error);
}

TEST(Comparison, SizeRanges) {
  EXPECT_EQ(size_range({511, 1, 1, DType::f32}), "small");
  EXPECT_EQ(size_range({1, 512, 1, DType::f32}), "medium");
  EXPECT_EQ(size_range({1, 1, 4096, DType::f32}), "large");
}

TEST(Comparison, EnvironmentDifferencesNameWhatChanged) {
  std::mt19937_64 rng(6);
  auto a = side("x", {64}, 1.0, rng, 1), b = side("x", {64}, 1.0, rng, 1);
  b[0].version = "2.0";
  const nlohmann::json ea = {{"kernel", "Linux 6.1"}, {"cpu_model", "A76"}, {"memory_bytes", 8.0 * (1 << 30)}};
  nlohmann::json eb = ea;
  eb["kernel"] = "Linux 6.6";
  const nlohmann::json pa = {{"backend_options", {{"rknn_lib", "/a.so"}}}},
                       pb = {{"backend_options", {{"rknn_lib", "/b.so"}}}};
  const auto d = environment_differences(ea, eb, a, b, pa, pb);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].what, "kernel");
  EXPECT_EQ(d[0].b, "Linux 6.6");
  EXPECT_EQ(d[1].what, "x library");
  EXPECT_EQ(d[1].b, "lib 2.0");
  EXPECT_EQ(d[2].what, "backend option rknn_lib");
  EXPECT_TRUE(environment_differences(ea, ea, a, a, pa, pa).empty());
  EXPECT_EQ(machine_key({{"hostname", "rk"}, {"cpu_model", "A76"}, {"logical_cpus", 8}}), "rk | A76 | 8 CPUs");
}
