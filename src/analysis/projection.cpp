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
    ProjectionTerm t;
    t.weight = w.name, t.m = m, t.n = w.out, t.k = w.in, t.count = count;
    if (const Record* r = best(m, w.out, w.in, modes, true)) {
      t.seconds = r->summary.median;
      t.measured = r->key.problem, t.mode = r->key.mode;
    } else if (const Record* near = best(m, w.out, w.in, modes, false)) {
      t.seconds = near->summary.median * Problem{m, w.out, w.in, dtype}.flops() / near->key.problem.flops();
      t.scaled = true, t.measured = near->key.problem, t.mode = near->key.mode;
    } else {
      throw UsageError(
          fmt::format("no verified {} {} point with M = {} to project from: measure `--preset "
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
  for (const auto& w : model.layer_weights)
    p.prefill.push_back(look.term(w, prompt, model.layers, {Mode::hot, Mode::cold}));
  p.prefill.push_back(look.term(model.head, prompt, 1, {Mode::hot, Mode::cold}));
  for (const auto& t : p.decode) p.decode_s_per_token += t.seconds * t.count;
  for (const auto& t : p.prefill) p.prefill_s += t.seconds * t.count;
  p.decode_tokens_per_s = 1 / p.decode_s_per_token;
  p.prefill_tokens_per_s = static_cast<double>(prompt) / p.prefill_s;
  p.weight_bytes = model.matmul_params() * b_element_bytes(dtype);
  // The host's DRAM bandwidth bounds backends that read host memory, the RK3588's NPU and Mali included (they
  // share it); a CUDA GPU reads its own memory, whose bandwidth mmbench does not measure.
  p.own_memory = backend.rfind("cuda:", 0) == 0;
  if (roofs)  // the GPU's memory, when its backend measured it in the run
    if (auto it = roofs->devices.find(backend); it != roofs->devices.end()) p.device_memory = it->second;
  if (p.device_memory)
    p.bandwidth_bound_tokens_per_s = p.device_memory->bandwidth_gbs * 1e9 / p.weight_bytes;
  else if (roofs && roofs->read_bandwidth_gbs > 0 && !p.own_memory)
    p.bandwidth_bound_tokens_per_s = roofs->read_bandwidth_gbs * 1e9 / p.weight_bytes;
  return p;
}

}  // namespace mmbench
