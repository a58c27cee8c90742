// Projection of a whole model from matmul records: exact shapes are used as measured (cold preferred for decode),
// missing ones are scaled by flops from the nearest measured shape of the same M, and nothing to project from is a
// sentence. The LLM table holds what its sources say.
#include "mmbench/projection.hpp"

#include <gtest/gtest.h>

#include "mmbench/error.hpp"
#include "mmbench/projection_text.hpp"

using namespace mmbench;

namespace {

Record rec(int64_t m, int64_t n, int64_t k, double t, Mode mode) {
  Record r;
  r.key = {"x", {m, n, k, DType::f32}, mode, 2};
  r.status = Status::ok;
  r.summary.median = t;
  return r;
}

}  // namespace

TEST(LlmModels, TableMatchesTheSources) {
  const LlmModel& l = find_llm_model("llama-2-7b");
  EXPECT_EQ(l.layers, 32);
  EXPECT_NEAR(l.matmul_params() / 1e9, 6.607, 0.001);  // 6.74 B with the 131 M embedding table
  const LlmModel& q = find_llm_model("qwen2.5-0.5b");
  EXPECT_EQ(q.layer_weights[1].out, 128);  // 2 KV heads x 64
  EXPECT_EQ(q.head.out, 151936);
  EXPECT_EQ(find_llm_model("rwkv-4-169m").layer_weights.size(), 7u);
  EXPECT_EQ(llm_models().size(), 10u);
  EXPECT_THROW(find_llm_model("gpt-5"), UsageError);
  EXPECT_EQ(llm_shapes(q, {1, 128}).size(), 10u);  // q=o, k=v share shapes: 5 distinct per M
}

TEST(Projection, MeasuredScaledAndBandwidthBound) {
  const LlmModel& q = find_llm_model("qwen2.5-0.5b");
  std::vector<Record> r;
  for (const auto& [m, n, k] : llm_shapes(q, {1, 128})) r.push_back(rec(m, n, k, 1e-3, Mode::hot));
  r.push_back(rec(1, 896, 896, 2e-3, Mode::cold));  // decode prefers the cold record of a shape
  r.erase(std::remove_if(r.begin(), r.end(), [](const Record& x) { return x.key.problem.n == 151936; }), r.end());
  Roofs roofs;
  roofs.read_bandwidth_gbs = 20;
  const Projection p = project(q, r, "x", DType::f32, 128, roofs);
  ASSERT_EQ(p.decode.size(), 8u);
  EXPECT_EQ(term_source(p.decode[0]), "measured (cold)");
  EXPECT_DOUBLE_EQ(p.decode[0].seconds, 2e-3);
  EXPECT_EQ(term_source(p.decode[1]), "measured (hot)");
  // The head (1x151936x896) was not measured: scaled by flops from the nearest M = 1 shape of the preferred mode
  // (cold: the only cold record is 1x896x896).
  EXPECT_EQ(term_source(p.decode.back()), "scaled by flops from 1x896x896 (cold)");
  EXPECT_NEAR(p.decode.back().seconds, 2e-3 * 151936.0 / 896, 1e-9);
  EXPECT_EQ(term_source(p.prefill.back()), "scaled by flops from 128x4864x896 (hot)");
  EXPECT_NEAR(p.decode_tokens_per_s, 1 / p.decode_s_per_token, 1e-12);
  ASSERT_TRUE(p.bandwidth_bound_tokens_per_s);
  EXPECT_NEAR(*p.bandwidth_bound_tokens_per_s, 20e9 / (q.matmul_params() * 4), 1e-6);
  EXPECT_NEAR(p.prefill_tokens_per_s, 128 / p.prefill_s, 1e-9);
  EXPECT_FALSE(projection_assumptions(p).empty());
  EXPECT_TRUE(to_json(p).contains("decode_tokens_per_s"));
}

// A CUDA GPU reads its own memory: the host's DRAM bandwidth is no bound for it, and the projection says so.
TEST(Projection, NoHostBandwidthBoundForAGpu) {
  const LlmModel& q = find_llm_model("qwen2.5-0.5b");
  std::vector<Record> r;
  for (const auto& [m, n, k] : llm_shapes(q, {1, 128})) {
    r.push_back(rec(m, n, k, 1e-5, Mode::hot));
    r.back().key.backend = "cuda:cublas";
  }
  Roofs roofs;
  roofs.read_bandwidth_gbs = 20;
  const Projection p = project(q, r, "cuda:cublas", DType::f32, 128, roofs);
  EXPECT_FALSE(p.bandwidth_bound_tokens_per_s);
  EXPECT_NE(projection_assumptions(p).back().find("no bandwidth bound: cuda:cublas reads the GPU's own memory"),
            std::string::npos);
  // ... unless the run measured the GPU's memory: then that is the bound.
  roofs.devices["cuda:cublas"] = {"NVIDIA H100 80GB HBM3", 3000, 50e6, "copy"};
  const Projection g = project(q, r, "cuda:cublas", DType::f32, 128, roofs);
  ASSERT_TRUE(g.bandwidth_bound_tokens_per_s);
  EXPECT_NEAR(*g.bandwidth_bound_tokens_per_s, 3000e9 / (q.matmul_params() * 4), 1e-6);
  EXPECT_NE(projection_assumptions(g).back().find("its own memory at 3000.0 GB/s"), std::string::npos);
}

TEST(Projection, NothingToProjectFromIsASentence) {
  const LlmModel& q = find_llm_model("qwen2.5-0.5b");
  std::vector<Record> r{rec(64, 64, 64, 1e-5, Mode::hot)};
  try {
    project(q, r, "x", DType::f32, 128, std::nullopt);
    FAIL() << "no M = 1 record: must throw";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("with M = 1"), std::string::npos) << e.what();
  }
}
