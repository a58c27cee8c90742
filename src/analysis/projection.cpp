// Projection: each weight's time is its measured median when that exact shape was measured (decode prefers cold
// records: weights come from DRAM every token; prefill prefers hot), otherwise the measured point of the same
// backend, dtype and M whose flops are nearest, scaled by flops (its throughput assumed to hold) — stated per term.
#include "mmbench/projection.hpp"

#include <cmath>
#include <fmt/format.h>

#include "mmbench/error.hpp"

namespace mmbench {
namespace {

struct Lookup {
  const std::vector<Record>& records;
  const std::string& backend;
  DType dtype;

  const Record* best(int64_t m, int64_t n, int64_t k, const std::vector<Mode>& modes, bool exact) const {
    const double flops = Problem{m, n, k, dtype}.flops();
    for (Mode mode : modes) {
      const Record* found = nullptr;
      double dist = INFINITY;
      for (const auto& r : records) {
        const Problem& p = r.key.problem;
        if (r.key.backend != backend || p.dtype != dtype || r.key.mode != mode || !is_success(r.status) || p.m != m)
          continue;
        if (exact && (p.n != n || p.k != k)) continue;
        const double d = std::abs(std::log(p.flops() / flops));
        if (d < dist) dist = d, found = &r;
      }
      if (found) return found;
    }
    return nullptr;
  }

  ProjectionTerm term(const WeightShape& w, int64_t m, int count, const std::vector<Mode>& modes) const {
    ProjectionTerm t{w.name, m, w.out, w.in, count, 0, ""};
    if (const Record* r = best(m, w.out, w.in, modes, true)) {
      t.seconds = r->summary.median;
      t.source = fmt::format("measured ({})", to_string(r->key.mode));
    } else if (const Record* near = best(m, w.out, w.in, modes, false)) {
      t.seconds = near->summary.median * Problem{m, w.out, w.in, dtype}.flops() / near->key.problem.flops();
      t.source = fmt::format("scaled by flops from {} ({})", near->key.problem.shape(), to_string(near->key.mode));
    } else {
      throw UsageError(fmt::format("no verified {} {} point with M = {} to project from: measure `--preset "
                                   "llm:<model> -b {} -d {}` first",
                                   backend, to_string(dtype), m, backend, to_string(dtype)));
    }
    return t;
  }
};

}  // namespace

Projection project(const LlmModel& model, const std::vector<Record>& records, const std::string& backend, DType dtype,
                   int64_t prompt, const std::optional<Roofs>& roofs) {
  Projection p;
  p.model = model.name, p.backend = backend, p.dtype = std::string(to_string(dtype)), p.prompt = prompt;
  const Lookup look{records, backend, dtype};
  for (const auto& w : model.layer_weights) p.decode.push_back(look.term(w, 1, model.layers, {Mode::cold, Mode::hot}));
  p.decode.push_back(look.term(model.head, 1, 1, {Mode::cold, Mode::hot}));
  for (const auto& w : model.layer_weights) p.prefill.push_back(look.term(w, prompt, model.layers, {Mode::hot, Mode::cold}));
  p.prefill.push_back(look.term(model.head, prompt, 1, {Mode::hot, Mode::cold}));
  for (const auto& t : p.decode) p.decode_s_per_token += t.seconds * t.count;
  for (const auto& t : p.prefill) p.prefill_s += t.seconds * t.count;
  p.decode_tokens_per_s = 1 / p.decode_s_per_token;
  p.prefill_tokens_per_s = static_cast<double>(prompt) / p.prefill_s;
  p.weight_bytes = model.matmul_params() * b_element_bytes(dtype);
  // The host's DRAM bandwidth bounds backends that read host memory, the RK3588's NPU and Mali included (they
  // share it); a CUDA GPU reads its own memory, whose bandwidth mmbench does not measure.
  const bool own_memory = backend.rfind("cuda:", 0) == 0;
  const DeviceRoof* device = nullptr;  // the GPU's memory, when its backend measured it in the run
  if (roofs)
    if (auto it = roofs->devices.find(backend); it != roofs->devices.end()) device = &it->second;
  if (device)
    p.bandwidth_bound_tokens_per_s = device->bandwidth_gbs * 1e9 / p.weight_bytes;
  else if (roofs && roofs->read_bandwidth_gbs > 0 && !own_memory)
    p.bandwidth_bound_tokens_per_s = roofs->read_bandwidth_gbs * 1e9 / p.weight_bytes;
  p.assumptions = {
      "counted: every weight matmul of every layer and the output head, as measured one at a time",
      "not counted: attention scores and softmax (QK^T, PV: grow with the context), KV-cache traffic, norms, "
      "activations, RoPE, the embedding lookup, sampling, RWKV's time-mix recurrence, and any overlap or fusion",
      "decode: one token per step (M = 1), weights read from DRAM every token (cold records preferred); prefill: "
      "the prompt's M = " + std::to_string(prompt) + " tokens in one pass (hot records preferred)",
      "bandwidth bound: every weight byte read once per token at the measured read bandwidth; a decode rate near it "
      "means more compute (an NPU) cannot help, fewer bytes (quantisation) can"};
  if (device)
    p.assumptions.push_back(fmt::format("bandwidth bound of {}: its own memory at {:.1f} GB/s ({})", backend,
                                        device->bandwidth_gbs, device->how));
  else if (own_memory)
    p.assumptions.push_back("no bandwidth bound: " + backend + " reads the GPU's own memory, not this host's DRAM, "
                            "and the run measured none of it (run without --no-probe to measure it)");
  return p;
}

nlohmann::json to_json(const Projection& p) {
  auto terms = [](const std::vector<ProjectionTerm>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& t : v)
      a.push_back({{"weight", t.weight}, {"m", t.m}, {"n", t.n}, {"k", t.k}, {"count", t.count},
                   {"seconds", t.seconds}, {"source", t.source}});
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
          {"assumptions", p.assumptions}};
}

}  // namespace mmbench
