// Roofline verdicts on known numbers: a GEMV is memory-bound, a large GEMM compute-bound, a tiny call whose fitted
// fixed cost dominates overhead-bound; above a roof is flagged unless the data sit in the cache.
#include "mmbench/roofline.hpp"

#include <gtest/gtest.h>

using namespace mmbench;

namespace {

Roofs machine() {
  Roofs r;
  r.fp32_peak_gflops = 200;
  r.read_bandwidth_gbs = 20;
  r.llc_bytes = 32.0 * 1024 * 1024;
  return r;
}

}  // namespace

TEST(Roofline, GemvIsMemoryBoundAndGemmComputeBound) {
  const Problem gemv{1, 8192, 8192, DType::f32};  // intensity ≈ 0.5 flop/B -> roof 10 GFLOP/s
  const auto v = verdict_for(gemv, Mode::cold, gemv.flops() / 8e9, 8, machine(), {}, nullptr);
  ASSERT_TRUE(v);
  EXPECT_NEAR(v->intensity, 0.5, 0.001);
  EXPECT_NEAR(v->attainable_gflops, 10, 0.02);
  EXPECT_NEAR(v->pct_of_attainable, 80, 0.2);
  EXPECT_EQ(v->verdict, "memory-bound");
  EXPECT_FALSE(v->above_roof);

  const Problem gemm{4096, 4096, 4096, DType::f32};
  const auto g = verdict_for(gemm, Mode::hot, gemm.flops() / 180e9, 180, machine(), {}, nullptr);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->verdict, "compute-bound");
  EXPECT_NEAR(g->pct_of_attainable, 90, 0.01);
  EXPECT_EQ(g->peak_source, PeakSource::fma_kernel);
  EXPECT_NEAR(verdict_for(gemm, Mode::hot, 1, 1, machine(), {}, nullptr)->peak_gflops, 200, 0);
  EXPECT_NEAR(verdict_for({64, 64, 64, DType::f64}, Mode::hot, 1, 1, machine(), {}, nullptr)->peak_gflops, 100, 0);
}

TEST(Roofline, OverheadAboveRoofAndMissingPeaks) {
  FitResult overhead;
  overhead.model = Model::overhead;
  overhead.params = {{"t0", 5e-6, 0}, {"P", 200, 0}};
  const Problem tiny{8, 8, 8, DType::f32};
  EXPECT_EQ(verdict_for(tiny, Mode::hot, 6e-6, 0.2, machine(), {}, &overhead)->verdict, "overhead-bound");

  const Problem gemv{1, 8192, 8192, DType::f32};  // 256 MiB from DRAM cannot run at 30 GFLOP/s with 20 GB/s
  EXPECT_TRUE(verdict_for(gemv, Mode::cold, 1, 30, machine(), {}, nullptr)->above_roof);
  const Problem small{1, 512, 512, DType::f32};  // 1 MiB: in cache when hot, so the DRAM roof does not bound it
  const auto c = verdict_for(small, Mode::hot, 1, 30, machine(), {}, nullptr);
  EXPECT_TRUE(c->cache_resident);
  EXPECT_FALSE(c->above_roof);

  EXPECT_FALSE(verdict_for({64, 64, 64, DType::f16}, Mode::hot, 1, 1, machine(), {}, nullptr));  // no roof known
  const auto h = verdict_for({64, 64, 64, DType::f16}, Mode::hot, 1, 1, machine(), {{"f16", 50}}, nullptr);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->peak_source, PeakSource::best_measured);
  EXPECT_FALSE(verdict_for(tiny, Mode::hot, 1, 1, Roofs{}, {}, nullptr));  // no bandwidth measured
}

TEST(Roofs, JsonRoundTrip) {
  Roofs r = machine();
  r.isa = "avx2+fma";
  r.triad_bandwidth_gbs = 25;
  r.devices["cuda:cublas"] = {"NVIDIA H100 80GB HBM3", 2900, 50e6, "copy"};
  const auto back = roofs_from_json(to_json(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->isa, "avx2+fma");
  ASSERT_EQ(back->devices.count("cuda:cublas"), 1u);
  EXPECT_EQ(back->devices.at("cuda:cublas").device, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(back->devices.at("cuda:cublas").bandwidth_gbs, 2900);
  EXPECT_EQ(back->devices.at("cuda:cublas").cache_bytes, 50e6);
  EXPECT_EQ(back->read_bandwidth_gbs, 20);
  EXPECT_EQ(to_json(r)["peak_gflops"]["f64"], 100);
  EXPECT_FALSE(roofs_from_json(nlohmann::json::object()));
}

// Issue 18: each CPU set's roofs travel with the run, and a point pinned to a set finds them.
TEST(Roofs, PerCpuSetRoofsRoundTripOneLevelDeep) {
  Roofs r = machine();
  Roofs big = machine();
  big.cpus = "4-7", big.cluster = "big", big.fp32_peak_gflops = 150, big.threads = 4;
  Roofs nested = big;
  nested.cpus = "5";
  big.by_cpus.push_back(nested);  // not a thing mmbench writes: read back without it
  r.by_cpus.push_back(big);
  const auto back = roofs_from_json(to_json(r));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->by_cpus.size(), 1u);
  EXPECT_TRUE(back->by_cpus[0].by_cpus.empty());
  ASSERT_NE(back->for_cpus("4-7"), nullptr);
  EXPECT_EQ(back->for_cpus("4-7")->fp32_peak_gflops, 150);
  EXPECT_EQ(back->for_cpus("4-7")->cluster, "big");
  EXPECT_EQ(back->for_cpus(""), &*back);
  EXPECT_EQ(back->for_cpus("0-3"), nullptr);  // a set the run did not measure: no verdict rather than a wrong one
}
