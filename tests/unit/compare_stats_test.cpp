// The comparison statistics: known values checked against SciPy, the verdicts on clear cases, and simulations
// that check what the intervals and the Holm gate promise (coverage, false alarms) under between-run drift.
// Seeded generators throughout: every figure is the same on every run.
#include "mmbench/compare_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace mmbench;

namespace {

// The noise model: each run sits at its own level, exp(theta + N(0, run_sd)) times the base time (drift
// between runs: clocks, placement), and its samples scatter lognormally by noise_sd around that level.
Replicates simulate(std::mt19937_64& rng, int runs, double theta, double run_sd = 0.02, double noise_sd = 0.03,
                    int samples = 20) {
  std::normal_distribution<double> normal(0, 1);
  Replicates r;
  for (int i = 0; i < runs; ++i) {
    const double level = std::log(1e-3) + theta + run_sd * normal(rng);
    std::vector<double> run;
    for (int k = 0; k < samples; ++k) run.push_back(std::exp(level + noise_sd * normal(rng)));
    r.runs.push_back(std::move(run));
  }
  return r;
}

// Share of `trials` comparisons, `runs` per side and a true ratio of 1.03, whose interval holds 1.03.
double coverage(uint64_t seed, int runs, std::optional<double> calibration, int trials = 1000) {
  std::mt19937_64 rng(seed);
  const double theta = std::log(1.03);
  int covered = 0;
  for (int t = 0; t < trials; ++t) {
    const Replicates a = simulate(rng, runs, 0), b = simulate(rng, runs, theta);
    const Effect e = estimate_effect(a, b, 0.02, calibration);
    if (e.low <= 1.03 && 1.03 <= e.high) ++covered;
  }
  return static_cast<double>(covered) / trials;
}

void report(const std::string& key, double value) {
  std::cout << "[ figure   ] " << key << " = " << value << "\n";
  ::testing::Test::RecordProperty(key, std::to_string(value));
}

}  // namespace

TEST(CompareStats, HodgesLehmannKnownValue) {
  // y - x over all pairs of x = {1, 2, 4}, y = {3, 5}: 2, 1, -1, 4, 3, 1 -> sorted -1 1 1 2 3 4 -> median 1.5.
  EXPECT_DOUBLE_EQ(hodges_lehmann({1, 2, 4}, {3, 5}), 1.5);
  // A pure shift is recovered exactly.
  EXPECT_DOUBLE_EQ(hodges_lehmann({1, 2, 3, 10}, {3, 4, 5, 12}), 2);
  EXPECT_THROW(hodges_lehmann({}, {1}), std::invalid_argument);
}

TEST(CompareStats, MannWhitneyAgainstScipy) {
  // scipy.stats.mannwhitneyu(x, y, method='asymptotic', use_continuity=True, alternative='two-sided').pvalue
  // (SciPy 1.10): with ties (2.2, 3.4 and 5.0 repeat) and without.
  EXPECT_NEAR(mann_whitney_p({1.2, 3.4, 2.2, 5.0, 2.2, 4.1, 3.4}, {4.5, 3.4, 6.1, 5.0, 7.2, 5.5}), 0.0211784087485728,
              1e-12);
  EXPECT_NEAR(mann_whitney_p({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10, 11}), 0.0081131172655657807, 1e-12);
  // Symmetric in its arguments; all values tied: no evidence at all.
  EXPECT_DOUBLE_EQ(mann_whitney_p({6, 7, 8, 9, 10, 11}, {1, 2, 3, 4, 5}),
                   mann_whitney_p({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10, 11}));
  EXPECT_DOUBLE_EQ(mann_whitney_p({2, 2}, {2, 2, 2}), 1);
  EXPECT_THROW(mann_whitney_p({1}, {}), std::invalid_argument);
}

TEST(CompareStats, HolmAndBenjaminiHochbergByHand) {
  // p = {0.01, 0.04, 0.03, 0.005}, m = 4. Ascending: 0.005 0.01 0.03 0.04.
  // Holm: 4*0.005 = 0.02, 3*0.01 = 0.03, 2*0.03 = 0.06, 1*0.04 = 0.04 -> running max 0.02 0.03 0.06 0.06.
  // BH: 4/1*0.005 = 0.02, 4/2*0.01 = 0.02, 4/3*0.03 = 0.04, 4/4*0.04 = 0.04 -> running min from the top: same.
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.005};
  const auto h = holm(p), bh = benjamini_hochberg(p);
  const std::vector<double> h_want = {0.03, 0.06, 0.06, 0.02}, bh_want = {0.02, 0.04, 0.04, 0.02};
  ASSERT_EQ(h.size(), 4u);
  ASSERT_EQ(bh.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(h[i], h_want[i], 1e-15) << i;
    EXPECT_NEAR(bh[i], bh_want[i], 1e-15) << i;
  }
  // Clamped to 1: Holm 2*0.5 = 1, 1*0.6 -> max 1; BH 2/1*0.5 = 1, 2/2*0.6 = 0.6 -> min from the top 0.6.
  EXPECT_EQ(holm({0.5, 0.6}), (std::vector<double>{1.0, 1.0}));
  EXPECT_EQ(benjamini_hochberg({0.5, 0.6}), (std::vector<double>{0.6, 0.6}));
  EXPECT_EQ(holm({0.9, 0.8, 0.7}), (std::vector<double>{1.0, 1.0, 1.0}));
  EXPECT_TRUE(holm({}).empty());
  EXPECT_THROW(holm({0.1, 1.5}), std::invalid_argument);
  EXPECT_THROW(benjamini_hochberg({NAN}), std::invalid_argument);
}

TEST(CompareStats, WelchAgainstScipy) {
  // Reference (SciPy 1.10) on the runs' log medians la, lb: scipy.stats.ttest_ind(lb, la, equal_var=False) gives
  // se = d / statistic; Welch–Satterthwaite df by hand; p_slower = ttest_ind(lb - log(1.02), la, equal_var=False,
  // alternative='greater'), p_faster the same with log(0.98) and 'less'; p_same the larger of the two opposite ones.
  const Replicates a{{{1.00, 1.02, 0.99}, {1.05, 1.04, 1.06, 1.03}, {0.98, 1.00, 0.97}}};
  const Replicates b{{{1.10, 1.12, 1.09}, {1.08, 1.07, 1.09}, {1.15, 1.13, 1.16}, {1.11, 1.10, 1.12, 1.10}}};
  const Effect e = estimate_effect(a, b, 0.02);
  EXPECT_EQ(e.runs_a, 3);
  EXPECT_EQ(e.runs_b, 4);
  EXPECT_TRUE(e.between_known);
  EXPECT_NEAR(std::log(e.ratio), 0.095031565204913751, 1e-12);
  EXPECT_NEAR(e.se, 0.023115189435755253, 1e-12);
  EXPECT_NEAR(e.df, 3.8172004413203049, 1e-9);
  EXPECT_NEAR(e.p_slower, 0.016720449058119532, 1e-9);
  EXPECT_NEAR(e.p_faster, 0.99572801427855961, 1e-9);
  EXPECT_NEAR(e.p_same, 0.98327955094188046, 1e-9);
  // scipy.stats.t.ppf(0.975, df) for the interval (good to about 1e-9 relative in SciPy 1.10, hence the tolerance).
  EXPECT_NEAR(e.low, 1.0300661951420518, 1e-9);
  EXPECT_NEAR(e.high, 1.1740274034747002, 1e-9);
  EXPECT_EQ(verdict_of(e.p_slower, e.p_faster, e.p_same), Verdict::slower);
  EXPECT_FALSE(e.runs_to_decide.has_value());  // decided already
}

TEST(CompareStats, WithinRunVarianceOfOneRun) {
  // Samples {1, 2, 4}: logs {0, ln 2, 2 ln 2}, median ln 2, MAD ln 2; variance of the median
  // (1.2533 * 1.4826 * ln 2)^2 / 3 = 0.55295238840686745. One run each: se^2 is the two sides' sum.
  const Replicates one{{{1, 2, 4}}};
  const Effect e = estimate_effect(one, one, 0.02);
  EXPECT_NEAR(e.within_sd, 0.74360768447271131, 1e-12);
  EXPECT_NEAR(e.se, std::sqrt(2 * 0.55295238840686745), 1e-12);
  EXPECT_DOUBLE_EQ(e.ratio, 1);
  EXPECT_TRUE(std::isinf(e.df));
  // A single sample has no spread of its own: zero within-run variance, and the tiny floor keeps se finite.
  const Effect single = estimate_effect(Replicates{{{1.0}}}, Replicates{{{1.5}}}, 0.02);
  EXPECT_EQ(single.within_sd, 0);
  EXPECT_GT(single.se, 0);
  EXPECT_LT(single.se, 1e-9);
  EXPECT_EQ(verdict_of(single.p_slower, single.p_faster, single.p_same), Verdict::slower);
}

TEST(CompareStats, TenPercentSlowdownIsSlower) {
  std::mt19937_64 rng(11);
  const Replicates a = simulate(rng, 3, 0, 0.002, 0.005), b = simulate(rng, 3, std::log(1.10), 0.002, 0.005);
  const Effect e = estimate_effect(a, b, 0.02);
  EXPECT_NEAR(e.ratio, 1.10, 0.01);
  EXPECT_GT(e.low, 1.02);
  EXPECT_LT(e.p_slower, 0.025);
  EXPECT_EQ(verdict_of(e.p_slower, e.p_faster, e.p_same), Verdict::slower);
  // And the other way round.
  const Effect back = estimate_effect(b, a, 0.02);
  EXPECT_EQ(verdict_of(back.p_slower, back.p_faster, back.p_same), Verdict::faster);
}

TEST(CompareStats, IdenticalDistributionsWithManyRunsAreSame) {
  std::mt19937_64 rng(12);
  const Replicates a = simulate(rng, 10, 0, 0.002, 0.005), b = simulate(rng, 10, 0, 0.002, 0.005);
  const Effect e = estimate_effect(a, b, 0.02);
  EXPECT_GT(e.low, 0.98);
  EXPECT_LT(e.high, 1.02);
  EXPECT_EQ(verdict_of(e.p_slower, e.p_faster, e.p_same), Verdict::same);
  EXPECT_FALSE(e.runs_to_decide.has_value());
  EXPECT_GT(e.between_sd, 0);
  EXPECT_LT(e.between_sd, 0.01);
}

TEST(CompareStats, TwoRunsOfWideNoiseAreInconclusive) {
  // Run medians 1.00, 1.10 against 1.06, 1.16: d = 0.0557, per-run sd 0.0656, df 2 -> the interval spans the
  // margins. The runs per side at which d would likely (80% power) clear log(1.02) with that sd: smallest n with
  // (t(2n-2, 0.975) + t(2n-2, 0.8)) * s * sqrt(2/n) < d - log(1.02), 54 (scipy.stats.t.ppf).
  const Replicates a{{{1.00, 1.01, 0.99}, {1.10, 1.11, 1.09}}};
  const Replicates b{{{1.06, 1.07, 1.05}, {1.16, 1.17, 1.15}}};
  const Effect e = estimate_effect(a, b, 0.02);
  EXPECT_NEAR(e.df, 2, 0.05);
  EXPECT_EQ(verdict_of(e.p_slower, e.p_faster, e.p_same), Verdict::inconclusive);
  ASSERT_TRUE(e.runs_to_decide.has_value());
  EXPECT_EQ(*e.runs_to_decide, 54);
  // Far more noise than any affordable number of runs resolves: no number given.
  const Replicates wide_a{{{1.0}, {2.0}}}, wide_b{{{1.05}, {2.1}}};
  const Effect hopeless = estimate_effect(wide_a, wide_b, 0.02);
  EXPECT_EQ(verdict_of(hopeless.p_slower, hopeless.p_faster, hopeless.p_same), Verdict::inconclusive);
  EXPECT_FALSE(hopeless.runs_to_decide.has_value());
}

TEST(CompareStats, OneRunEachNeedsCalibration) {
  const Replicates a{{{1.00, 1.01, 0.99, 1.02, 1.00}}}, b{{{1.03, 1.04, 1.02, 1.05, 1.03}}};
  const Effect plain = estimate_effect(a, b, 0.02);
  EXPECT_FALSE(plain.between_known);
  EXPECT_EQ(plain.between_sd, 0);
  EXPECT_TRUE(std::isinf(plain.df));
  const Effect calibrated = estimate_effect(a, b, 0.02, 0.02);
  EXPECT_TRUE(calibrated.between_known);
  EXPECT_DOUBLE_EQ(calibrated.between_sd, 0.02);
  EXPECT_DOUBLE_EQ(calibrated.ratio, plain.ratio);
  EXPECT_LT(calibrated.low, plain.low);
  EXPECT_GT(calibrated.high, plain.high);
  EXPECT_NEAR(calibrated.se * calibrated.se, plain.se * plain.se + 2 * 0.02 * 0.02, 1e-15);
}

TEST(CompareStats, CalibrationIgnoredWhenRunsShowTheDrift) {
  std::mt19937_64 rng(13);
  const Replicates a = simulate(rng, 1, 0), b = simulate(rng, 3, 0.01);
  const Effect data = estimate_effect(a, b, 0.02), with_cal = estimate_effect(a, b, 0.02, 0.5);
  EXPECT_TRUE(data.between_known);
  EXPECT_DOUBLE_EQ(data.se, with_cal.se);
  EXPECT_DOUBLE_EQ(data.between_sd, with_cal.between_sd);
  EXPECT_DOUBLE_EQ(data.df, 2);  // one run against three: the three's spread, R - 1 degrees of freedom
}

TEST(CompareStats, RejectsBadInput) {
  const Replicates ok{{{1.0, 1.1}}};
  EXPECT_THROW(estimate_effect(Replicates{}, ok, 0.02), std::invalid_argument);
  EXPECT_THROW(estimate_effect(ok, Replicates{{{1.0}, {}}}, 0.02), std::invalid_argument);
  EXPECT_THROW(estimate_effect(ok, Replicates{{{1.0, 0.0}}}, 0.02), std::invalid_argument);
  EXPECT_THROW(estimate_effect(ok, Replicates{{{1.0, -2.0}}}, 0.02), std::invalid_argument);
  EXPECT_THROW(estimate_effect(ok, Replicates{{{NAN}}}, 0.02), std::invalid_argument);
  EXPECT_THROW(estimate_effect(ok, ok, -0.1), std::invalid_argument);
  EXPECT_THROW(estimate_effect(ok, ok, 0.02, std::nullopt, 1.0), std::invalid_argument);
  try {
    estimate_effect(ok, Replicates{{{1.0}, {}}}, 0.02);
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("run 2 of side B"), std::string::npos) << e.what();
  }
}

TEST(CompareStats, VerdictsAndNames) {
  EXPECT_EQ(verdict_of(0.01, 0.9, 0.99), Verdict::slower);
  EXPECT_EQ(verdict_of(0.9, 0.01, 0.99), Verdict::faster);
  EXPECT_EQ(verdict_of(0.9, 0.9, 0.01), Verdict::same);
  EXPECT_EQ(verdict_of(0.03, 0.9, 0.9), Verdict::inconclusive);
  EXPECT_EQ(verdict_of(0.03, 0.9, 0.9, 0.05), Verdict::slower);
  EXPECT_EQ(to_string(Verdict::faster), "faster");
  EXPECT_EQ(to_string(Verdict::slower), "slower");
  EXPECT_EQ(to_string(Verdict::same), "same");
  EXPECT_EQ(to_string(Verdict::inconclusive), "inconclusive");
}

TEST(CompareStats, GeometricMeanEffect) {
  // d = (log 1.1 - log 1.1) / 2 = 0; se = sqrt(0.03^2 + 0.04^2) / 2 = 0.025; df = min(5, 10) = 5; exp(-+ q * 0.025)
  // with q = 2.5705818356363141, the root of t(5)'s closed-form CDF, 1/2 + (th + sin th cos th (1 + 2/3 cos^2 th))
  // / pi with th = atan(q / sqrt 5), at 0.975 (bisection in doubles; SciPy 1.10's t.ppf is 1e-9 off here).
  Effect up, down;
  up.ratio = 1.1;
  up.se = 0.03;
  up.df = 5;
  down.ratio = 1 / 1.1;
  down.se = 0.04;
  down.df = 10;
  const GeoMeanEffect g = geometric_mean_effect({up, down});
  EXPECT_EQ(g.points, 2u);
  EXPECT_NEAR(g.ratio, 1, 1e-15);
  EXPECT_NEAR(g.low, 0.93775688698247717, 1e-12);
  EXPECT_NEAR(g.high, 1.0663744664332024, 1e-12);
  const GeoMeanEffect none = geometric_mean_effect({});
  EXPECT_EQ(none.points, 0u);
  EXPECT_EQ(none.ratio, 1);
}

// The acceptance figure: 95% intervals cover the true ratio about 95% of the time when runs drift.
TEST(CompareStats, CoverageWithThreeRunsWelch) {
  const double c = coverage(2024, 3, std::nullopt);
  report("coverage_R3", c);
  EXPECT_GE(c, 0.92);
  EXPECT_LE(c, 0.98);
}

TEST(CompareStats, CoverageWithOneRunAndTrueCalibration) {
  const double c = coverage(2025, 1, 0.02);
  report("coverage_R1_calibrated", c);
  EXPECT_GE(c, 0.92);
  EXPECT_LE(c, 0.98);
}

TEST(CompareStats, CoverageWithFiveRunsWelch) {
  const double c = coverage(2026, 5, std::nullopt);
  report("coverage_R5", c);
  EXPECT_GE(c, 0.92);
  EXPECT_LE(c, 0.98);
}

// With no true change anywhere, a Holm-gated sweep of 20 points raises an alarm (any adjusted p_slower below
// 0.025) in at most about 2.5% of sweeps; delta 0 puts every point exactly on the null's boundary, the hardest case.
TEST(CompareStats, HolmGateFalseAlarmsPerSweep) {
  std::mt19937_64 rng(2027);
  const int sweeps = 200, points = 20;
  for (double delta : {0.0, 0.02}) {
    int alarms = 0;
    for (int s = 0; s < sweeps; ++s) {
      std::vector<double> p_slower;
      for (int i = 0; i < points; ++i) {
        p_slower.push_back(estimate_effect(simulate(rng, 3, 0), simulate(rng, 3, 0), delta).p_slower);
      }
      const auto adjusted = holm(p_slower);
      if (std::any_of(adjusted.begin(), adjusted.end(), [](double p) { return p < 0.025; })) ++alarms;
    }
    const double rate = static_cast<double>(alarms) / sweeps;
    report(delta == 0 ? "false_alarms_per_sweep_delta_0" : "false_alarms_per_sweep_delta_2pct", rate);
    EXPECT_LE(rate, 0.05) << "delta " << delta;
  }
}

// How often a true 3% slowdown is confirmed beyond a 2% margin (unadjusted p_slower < 0.025), by runs per side;
// and, for scale, confirmed slower at all (delta 0). Printed; only the order of R = 1 and R = 5 is asserted.
TEST(CompareStats, DetectionOfThreePercentByRuns) {
  const int trials = 1000;
  const double theta = std::log(1.03);
  auto detect = [&](uint64_t seed, int runs, std::optional<double> calibration, double delta) {
    std::mt19937_64 rng(seed);
    int found = 0;
    for (int t = 0; t < trials; ++t) {
      const Effect e = estimate_effect(simulate(rng, runs, 0), simulate(rng, runs, theta), delta, calibration);
      if (verdict_of(e.p_slower, e.p_faster, e.p_same) == Verdict::slower) ++found;
    }
    return static_cast<double>(found) / trials;
  };
  const double r1 = detect(2028, 1, 0.02, 0.02), r3 = detect(2029, 3, std::nullopt, 0.02),
               r5 = detect(2030, 5, std::nullopt, 0.02);
  report("detection_R1_calibrated", r1);
  report("detection_R3", r3);
  report("detection_R5", r5);
  EXPECT_GE(r5, r1);
  report("detection_delta_0_R1_calibrated", detect(2031, 1, 0.02, 0));
  report("detection_delta_0_R3", detect(2032, 3, std::nullopt, 0));
  report("detection_delta_0_R5", detect(2033, 5, std::nullopt, 0));
}
