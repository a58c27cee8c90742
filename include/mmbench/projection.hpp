// From measured matmuls to a whole model: decode and prefill tokens/s of an LLM on one backend and dtype, summing
// every weight matmul of every layer and the head, with the memory-bandwidth bound beside it. Pure: its JSON, each
// term's source and the assumptions in words are the output layer's (projection_text.hpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "mmbench/llm_models.hpp"
#include "mmbench/record.hpp"
#include "mmbench/roofs.hpp"

namespace mmbench {

struct ProjectionTerm {
  std::string weight;
  int64_t m = 0, n = 0, k = 0;
  int count = 0;       // how many per token step (layers, or 1 for the head)
  double seconds = 0;  // per call
  // Where `seconds` comes from: the record of this very shape, or (scaled) the one of the same M nearest in flops,
  // its throughput assumed to hold; with the record's problem and mode.
  bool scaled = false;
  Problem measured;
  Mode mode = Mode::hot;
};

struct Projection {
  std::string model, backend, dtype;
  int64_t prompt = 0;
  std::vector<ProjectionTerm> decode, prefill;
  double decode_s_per_token = 0, decode_tokens_per_s = 0;
  double prefill_s = 0, prefill_tokens_per_s = 0;
  double weight_bytes = 0;                             // read once per decoded token
  std::optional<double> bandwidth_bound_tokens_per_s;  // read bandwidth / weight bytes, when the store has roofs
  // The bound's memory: a device's own, when its backend measured it in the run (else the host's DRAM), and whether
  // the backend reads a GPU's own memory (then the host's DRAM bounds nothing).
  std::optional<DeviceRoof> device_memory;
  bool own_memory = false;
};

// UsageError when the records hold nothing usable for this backend and dtype at M = 1 (or at M = prompt).
Projection project(const LlmModel& model, const std::vector<Record>& records, const std::string& backend, DType dtype,
                   int64_t prompt, const std::optional<Roofs>& roofs);

}  // namespace mmbench
