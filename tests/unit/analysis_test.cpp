// Series grouping, steps and crossovers on synthetic records whose answer is known: a series with one 20% step,
// a smooth one without, two backends that cross at a known size, and one that never does.
#include "mmbench/analysis.hpp"

#include <cmath>
#include <sstream>

#include <gtest/gtest.h>

#include "mmbench/analysis_json.hpp"
#include "mmbench/analysis_text.hpp"

using namespace mmbench;

namespace {

Record rec(const std::string& backend, int64_t m, int64_t n, int64_t k, double t, Status st = Status::ok) {
  Record r;
  r.key.backend = backend;
  r.key.problem = {m, n, k, DType::f32};
  r.key.threads = 2;
  r.status = st;
  r.summary.median = t;
  r.summary.ci_low = 0.99 * t, r.summary.ci_high = 1.01 * t;
  r.gflops = r.key.problem.flops() / t / 1e9;
  return r;
}

// t = t0 + flops/P, with an optional factor from some size on.
std::vector<Record> sweep(const std::string& b, double t0, double gflops, double step_at = 0, double factor = 1) {
  std::vector<Record> v;
  for (int n = 128; n <= 4096; n += 128) {
    double t = t0 + 2.0 * n * n * n / (gflops * 1e9);
    if (step_at && n >= step_at) t *= factor;
    v.push_back(rec(b, n, n, n, t));
  }
  return v;
}

}  // namespace

TEST(Series, GroupsBackendsAndFamiliesAndListsExcludedPoints) {
  std::vector<Record> r = sweep("x", 1e-5, 100);
  r.push_back(rec("x", 1, 512, 4096, 1e-4));
  r.push_back(rec("x", 1, 1024, 4096, 2e-4));
  r.push_back(rec("x", 1, 2048, 4096, 0, Status::failed));
  r.back().reason = "signal 11";
  const auto s = build_series(r);
  ASSERT_EQ(s.size(), 2u);
  const Series& gemv = s[0].family() == "NxNxN" ? s[1] : s[0];
  const Series& square = s[0].family() == "NxNxN" ? s[0] : s[1];
  EXPECT_EQ(square.points.size(), 32u);
  EXPECT_EQ(gemv.family(), "1xNx4096");
  EXPECT_EQ(gemv.axis(), "N");
  EXPECT_EQ(gemv.points.size(), 2u);
  ASSERT_EQ(gemv.excluded.size(), 1u);
  EXPECT_EQ(gemv.excluded[0], "N=2048: failed (signal 11)");
  EXPECT_DOUBLE_EQ(gemv.flops_at(1000), 2.0 * 1000 * 4096);
  EXPECT_EQ(gemv.points[0].problem, (Problem{1, 512, 4096, DType::f32}));
  EXPECT_NEAR(square.points[0].sigma, 0.02 * square.points[0].t / (2 * 1.96), 1e-15);
}

TEST(Steps, FindsTheOneStepAndOnlyIt) {
  const Analysis a = analyze(sweep("x", 2e-5, 100, 1536, 1.2));
  const auto& steps = a.series.at(0).steps;
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].x_before, 1408);
  EXPECT_EQ(steps[0].x_after, 1536);
  EXPECT_NEAR(steps[0].jump, 0.2, 0.02);
}

TEST(Steps, SmoothCurvesHaveNone) {
  EXPECT_TRUE(analyze(sweep("x", 5e-5, 100)).series.at(0).steps.empty());
  EXPECT_TRUE(find_steps(build_series(sweep("x", 0, 100)).at(0)).empty());
}

// The quick preset's five sizes, one of them collapsed (BLIS at N = 512 on a busy 2-core machine): a dip is two
// steps, down and back up.
TEST(Steps, ADipInAShortSeriesIsTwoSteps) {
  std::vector<Record> r;
  for (int n : {128, 256, 512, 1024, 2048})
    r.push_back(rec("blis", n, n, n, 2.0 * n * n * n / ((n == 512 ? 15 : 180) * 1e9)));
  const auto steps = find_steps(build_series(r).at(0));
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].x_after, 512);
  EXPECT_GT(steps[0].jump, 5);
  EXPECT_EQ(steps[1].x_before, 512);
  EXPECT_LT(steps[1].jump, -0.9);
}

TEST(Analysis, OverheadModelDescribesOverheadData) {
  const Analysis a = analyze(sweep("x", 2e-4, 300));
  ASSERT_EQ(a.series.size(), 1u);
  const auto* best = a.series[0].best_fit();
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->model, Model::overhead);
  EXPECT_NEAR(best->params[0].value, 2e-4, 1e-9);
  EXPECT_NEAR(best->params[1].value, 300, 1e-3);
  EXPECT_NE(fit_verdict(a.series[0]).find("overhead describes the data"), std::string::npos);
}

// The write-up's sentence, computed: a backend with a large fixed cost and a high throughput (the NPU) overtakes
// one with no fixed cost; with t0 = 0.05 s, 500 vs 100 GFLOP/s the curves cross at N = (0.05/(2/1e11 - 2/5e11))^(1/3).
TEST(Crossover, ComputesWhereTheFasterBackendChanges) {
  std::vector<Record> r = sweep("npu", 0.05, 500);
  for (auto& x : sweep("cpu", 0, 100)) r.push_back(x);
  const Analysis a = analyze(r);
  ASSERT_EQ(a.comparisons.size(), 1u);
  const Comparison& c = a.comparisons[0];
  ASSERT_EQ(c.crossings.size(), 1u);
  const double truth = std::cbrt(0.05 / (2 / 1e11 - 2 / 5e11));
  EXPECT_EQ(c.crossings[0].faster_after, "npu");
  EXPECT_EQ(c.crossings[0].faster_before, "cpu");
  EXPECT_LT(c.crossings[0].x_low, truth);
  EXPECT_GT(c.crossings[0].x_high, truth);
  ASSERT_TRUE(c.crossings[0].x_est);
  EXPECT_NEAR(*c.crossings[0].x_est, truth, 1);
  const std::string sentence = comparison_text(c);
  EXPECT_NE(sentence.find("npu becomes faster than cpu between N = "), std::string::npos) << sentence;
  EXPECT_NE(sentence.find("fitted curves cross"), std::string::npos) << sentence;
}

TEST(Crossover, NeverInTheMeasuredRange) {
  std::vector<Record> r = sweep("fast", 0, 200);
  for (auto& x : sweep("slow", 0, 100)) r.push_back(x);
  const Analysis a = analyze(r);
  ASSERT_EQ(a.comparisons.size(), 1u);
  EXPECT_TRUE(a.comparisons[0].crossings.empty());
  const std::string sentence = comparison_text(a.comparisons[0]);
  EXPECT_NE(sentence.find("never in the measured range: fast is faster than slow at every size (N = 128..4096), by "
                          "2.00-2.00x"),
            std::string::npos)
      << sentence;
}

// Five backends make ten pairs: the console names the one crossing and counts the rest; analysis.txt names all.
TEST(Crossover, ConsoleKeepsToCrossingsWhenThereAreManyPairs) {
  std::vector<Record> r = sweep("npu", 0.05, 500);
  for (int g : {100, 110, 120, 130})
    for (auto& x : sweep("cpu" + std::to_string(g), 0, g)) r.push_back(x);
  const Analysis a = analyze(r);
  ASSERT_EQ(a.comparisons.size(), 10u);
  std::ostringstream console, full;
  write_analysis_text(console, a, false);
  write_analysis_text(full, a, true);
  EXPECT_NE(console.str().find("npu becomes faster than cpu100"), std::string::npos) << console.str();
  EXPECT_EQ(console.str().find("never in the measured range"), std::string::npos) << console.str();
  EXPECT_NE(console.str().find("other pairs never cross in the measured range"), std::string::npos);
  size_t never = 0;
  for (size_t at = full.str().find("never in the measured range"); at != std::string::npos;
       at = full.str().find("never in the measured range", at + 1))
    ++never;
  EXPECT_GE(never, 6u);  // the cpu pairs (6) never cross; npu crosses each cpu somewhere
}

// The host's roofs bound host backends only: a GPU series gets no verdict (with the reason), and its results are
// not the "best measured" roof of a dtype the CPU has no kernel for.
TEST(Analysis, HostRoofsDoNotJudgeADevice) {
  std::vector<Record> r = sweep("cpu", 0, 100);
  for (auto& x : sweep("gpu", 0, 50000)) {
    x.device = {DeviceKind::gpu, "NVIDIA", "NVIDIA H100 80GB HBM3", "0000:19:00.0"};
    x.device_state["sm_clock_start"] = reading(1980, "MHz");
    r.push_back(x);
  }
  for (auto& x : r) x.key.problem.dtype = DType::bf16;  // no FMA kernel: the roof is the best measured on the host
  Roofs roofs;
  roofs.fp32_peak_gflops = 200, roofs.read_bandwidth_gbs = 30, roofs.llc_bytes = 1 << 20;
  const Analysis a = analyze(r, all_models(), roofs);
  ASSERT_EQ(a.series.size(), 2u);
  for (const auto& sa : a.series) {
    if (sa.series.backend == "gpu") {
      EXPECT_FALSE(sa.series.on_host());
      EXPECT_TRUE(sa.verdicts.empty());
      EXPECT_NE(no_verdict_text(sa).find("do not bound NVIDIA H100 80GB HBM3,"), std::string::npos)
          << no_verdict_text(sa);
    } else {
      EXPECT_TRUE(sa.series.on_host());
      ASSERT_FALSE(sa.verdicts.empty());
      ASSERT_TRUE(sa.verdicts.back());
      EXPECT_EQ(sa.verdicts.back()->peak_source, PeakSource::best_measured);
      EXPECT_NEAR(sa.verdicts.back()->peak_gflops, 100, 1);  // the CPU's own best, not the GPU's 50000
      EXPECT_FALSE(sa.verdicts.back()->above_roof);
    }
  }
}

// A device backend that measured its own memory roof gets verdicts against it: GEMV at M = 1 against the GPU's
// bandwidth, compute against the best it reached; the host's roofs still judge the CPU series.
TEST(Analysis, ADeviceIsJudgedByItsOwnRoofs) {
  std::vector<Record> r;
  for (int n = 1024; n <= 8192; n *= 2) {
    r.push_back(rec("gpu", 1, n, 4096, 2.0 * n * 4096 / 2000e9));  // f16 GEMV reading its weights at 2000 GB/s
    r.back().key.problem.dtype = DType::f16;
    r.back().device = {DeviceKind::gpu, "NVIDIA", "NVIDIA H100 80GB HBM3", ""};
  }
  Roofs roofs;
  roofs.fp32_peak_gflops = 200, roofs.read_bandwidth_gbs = 30;
  roofs.devices["gpu"] = {"NVIDIA H100 80GB HBM3", 3000, 50e6, "copy"};
  const Analysis a = analyze(r, all_models(), roofs);
  ASSERT_EQ(a.series.size(), 1u);
  const SeriesAnalysis& sa = a.series[0];
  EXPECT_TRUE(no_verdict_text(sa).empty());
  EXPECT_NE(device_roofs_text(sa).find("roofs of NVIDIA H100 80GB HBM3: memory 3000.0 GB/s"), std::string::npos);
  ASSERT_EQ(sa.verdicts.size(), 4u);
  const PointVerdict& v = *sa.verdicts.back();
  EXPECT_EQ(v.verdict, "memory-bound");
  EXPECT_NEAR(v.attainable_gflops, v.intensity * 3000, 1e-6);  // the GPU's bandwidth, not the host's 30 GB/s
  EXPECT_LT(v.pct_of_attainable, 100);
  EXPECT_FALSE(v.above_roof);
  // Only GEMV was measured: nothing tells the GPU's compute roof, and the verdict says so rather than invent one.
  EXPECT_EQ(v.peak_source, PeakSource::unknown);
  EXPECT_NE(device_roofs_text(sa).find("compute: unknown"), std::string::npos) << device_roofs_text(sa);
  // The roofline chart draws the host's roof: this series is not on it, so there is no roofline chart.
  EXPECT_FALSE(sa.series.on_host());

  // A large GEMM far from its memory roof sets the compute roof: its best.
  for (int n : {2048, 4096}) {
    r.push_back(rec("gpu", n, n, n, 2.0 * n * n * n / 500e12));
    r.back().key.problem.dtype = DType::f16;
    r.back().device = {DeviceKind::gpu, "NVIDIA", "NVIDIA H100 80GB HBM3", ""};
  }
  const Analysis b = analyze(r, all_models(), roofs);
  for (const auto& s : b.series) {
    EXPECT_NE(device_roofs_text(s).find("compute: the best measured on it"), std::string::npos) << device_roofs_text(s);
    ASSERT_TRUE(s.verdicts.back());
    EXPECT_EQ(s.verdicts.back()->peak_source, PeakSource::best_measured);
    EXPECT_NEAR(s.verdicts.back()->peak_gflops, 500e3, 1);
  }
}

TEST(Analysis, TooFewPointsIsANoteAndJsonHasNoNaN) {
  std::vector<Record> r{rec("x", 128, 128, 128, 1e-4), rec("x", 256, 256, 256, 8e-4)};
  const Analysis a = analyze(r);
  ASSERT_EQ(a.series.size(), 1u);
  EXPECT_TRUE(a.series[0].fits.empty());
  ASSERT_EQ(a.series[0].fit_problems.size(), 3u);
  EXPECT_NE(fit_problem_text(a.series[0].fit_problems[0]).find("needs at least 3 points (got 2)"), std::string::npos);
  const std::string j = to_json(a).dump();
  EXPECT_EQ(j.find("NaN"), std::string::npos);
  EXPECT_EQ(j.find("null,\"verdict\":\"no model fitted\""), j.find("null,\"verdict\""));
}

// Issue 18: big, little and all cores of one backend are one group (drawn and compared together), each series named
// by its set and judged by its own set's roofs: a little cluster is not "5% of peak" against the whole machine's.
TEST(Analysis, PinnedSeriesShareAGroupAndUseTheirSetsRoofs) {
  std::vector<Record> r;
  for (auto [cpus, threads, gflops] : {std::tuple{"0-3", 4, 20.0}, std::tuple{"4-7", 4, 100.0}}) {
    for (auto x : sweep("blas", 0, gflops)) {
      x.key.cpus = cpus, x.key.threads = threads;
      r.push_back(x);
    }
  }
  for (auto x : sweep("blas", 0, 110)) x.key.cpus = "0-7", x.key.threads = 8, r.push_back(x);
  Roofs roofs;
  roofs.fp32_peak_gflops = 500, roofs.read_bandwidth_gbs = 30;
  Roofs little = roofs, big = roofs;
  little.cpus = "0-3", little.fp32_peak_gflops = 25;
  big.cpus = "4-7", big.fp32_peak_gflops = 120;
  roofs.by_cpus = {little, big};
  const Analysis a = analyze(r, all_models(), roofs);
  ASSERT_EQ(a.series.size(), 3u);
  for (const auto& sa : a.series) {
    EXPECT_EQ(sa.series.group(), "f32 hot pinned NxNxN");
    EXPECT_EQ(sa.series.label(), "blas cpus " + sa.series.cpus + " f32 NxNxN");
    if (sa.series.cpus == "0-7") {
      EXPECT_TRUE(sa.verdicts.empty());  // the run measured no roofs on 0-7: no verdict rather than a wrong one
      continue;
    }
    ASSERT_FALSE(sa.verdicts.empty());
    ASSERT_TRUE(sa.verdicts.back());
    EXPECT_NEAR(sa.verdicts.back()->peak_gflops, sa.series.cpus == "0-3" ? 25 : 120, 1e-9);
  }
  EXPECT_EQ(a.comparisons.size(), 3u);  // every pair compared, as one group
}
