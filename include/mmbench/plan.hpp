// A plan: everything a run depends on, as plain data: the sweep (its axes), how each point is measured, and the
// backends' own options. The store keeps it with the run; --resume and a later report read it back from there.
#pragma once
#include <nlohmann/json.hpp>

#include "mmbench/backend_options.hpp"
#include "mmbench/sweep.hpp"

namespace mmbench {

struct Plan {
  SweepSpec sweep;
  MeasureOptions measure;
  BackendOptions backend;
  bool probe_roofs = true;  // measure the machine's roofs before the sweep (--no-probe: false); --resume keeps it
  int repeat = 1;  // rounds of the whole plan, interleaved (--repeat): the run, not the sample, is what compare counts
};

nlohmann::json to_json(const SweepSpec& s);
SweepSpec sweep_spec_from_json(const nlohmann::json& j);
nlohmann::json to_json(const BackendOptions& o);
BackendOptions backend_options_from_json(const nlohmann::json& j);
// {"spec", "options", "backend_options"}: the store's plan column (a plan stored before backend options were
// part of it reads back with none).
nlohmann::json to_json(const Plan& p);
Plan plan_from_json(const nlohmann::json& j);

}  // namespace mmbench
