// The projection in words: each term's source and the assumptions behind the tokens/s, stated with every
// projection (console and JSON) because the numbers mean little without them.
#include "mmbench/projection_text.hpp"

#include <fmt/format.h>

namespace mmbench {

std::string term_source(const ProjectionTerm& t) {
  if (t.scaled) return fmt::format("scaled by flops from {} ({})", t.measured.shape(), to_string(t.mode));
  return fmt::format("measured ({})", to_string(t.mode));
}

std::vector<std::string> projection_assumptions(const Projection& p) {
  std::vector<std::string> a = {
      "counted: every weight matmul of every layer and the output head, as measured one at a time",
      "not counted: attention scores and softmax (QK^T, PV: grow with the context), KV-cache traffic, norms, "
      "activations, RoPE, the embedding lookup, sampling, RWKV's time-mix recurrence, and any overlap or fusion",
      "decode: one token per step (M = 1), weights read from DRAM every token (cold records preferred); prefill: "
      "the prompt's M = " +
          std::to_string(p.prompt) + " tokens in one pass (hot records preferred)",
      "bandwidth bound: every weight byte read once per token at the measured read bandwidth; a decode rate near it "
      "means more compute (an NPU) cannot help, fewer bytes (quantisation) can"};
  if (p.device_memory)
    a.push_back(fmt::format("bandwidth bound of {}: its own memory at {:.1f} GB/s ({})", p.backend,
                            p.device_memory->bandwidth_gbs, p.device_memory->how));
  else if (p.own_memory)
    a.push_back("no bandwidth bound: " + p.backend +
                " reads the GPU's own memory, not this host's DRAM, "
                "and the run measured none of it (run without --no-probe to measure it)");
  return a;
}

nlohmann::json to_json(const Projection& p) {
  auto terms = [](const std::vector<ProjectionTerm>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& t : v)
      a.push_back({{"weight", t.weight},
                   {"m", t.m},
                   {"n", t.n},
                   {"k", t.k},
                   {"count", t.count},
                   {"seconds", t.seconds},
                   {"source", term_source(t)}});
    return a;
  };
  return {{"model", p.model},
          {"backend", p.backend},
          {"dtype", p.dtype},
          {"prompt_tokens", p.prompt},
          {"decode_seconds_per_token", p.decode_s_per_token},
          {"decode_tokens_per_s", p.decode_tokens_per_s},
          {"prefill_seconds", p.prefill_s},
          {"prefill_tokens_per_s", p.prefill_tokens_per_s},
          {"weight_bytes", p.weight_bytes},
          {"bandwidth_bound_decode_tokens_per_s",
           p.bandwidth_bound_tokens_per_s ? nlohmann::json(*p.bandwidth_bound_tokens_per_s) : nullptr},
          {"decode_terms", terms(p.decode)},
          {"prefill_terms", terms(p.prefill)},
          {"assumptions", projection_assumptions(p)}};
}

}  // namespace mmbench
