// Fuzz target: what `report`, `fit`, `project` and `--resume` read back from a store — a record (record_from_json)
// and a plan (plan_from_json) — on any JSON. Exceptions derived from std::exception are the refusal (the store's
// readers turn them into messages); crashes and undefined behaviour are findings. What is accepted must survive
// the store's round trip (to_json, then read again), and a plan accepted must expand as --resume expands it.
#include <cstdint>
#include <cstdlib>
#include <exception>

#include <nlohmann/json.hpp>

#include "mmbench/plan.hpp"
#include "mmbench/record_json.hpp"
#include "mmbench/sweep.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;
  bool accepted = false;
  mmbench::Record r;
  try {
    r = mmbench::record_from_json(j);
    accepted = true;
  } catch (const std::exception&) {
  }
  if (accepted) {
    try {
      (void)mmbench::record_from_json(nlohmann::json::parse(mmbench::to_json(r).dump()));
    } catch (const std::exception&) {
      std::abort();  // a record we accepted and would store cannot be read back
    }
  }
  mmbench::Plan p;
  try {
    p = mmbench::plan_from_json(j);
  } catch (const std::exception&) {
    return 0;
  }
  try {
    (void)mmbench::plan_from_json(nlohmann::json::parse(mmbench::to_json(p).dump()));
  } catch (const std::exception&) {
    std::abort();
  }
  try {
    if (mmbench::count_points(p.sweep) <= 10000) {
      const auto points = mmbench::expand(p.sweep);
      (void)mmbench::estimated_upper_bound_s(points, p.measure);
    }
  } catch (const std::exception&) {
  }
  return 0;
}
