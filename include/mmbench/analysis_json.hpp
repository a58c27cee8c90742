// analysis.json (and `mmbench fit --json` on a store): every series with its points, fits, steps and roofline
// verdicts, every comparison, the run's roofs; with the same sentences analysis.txt prints.
#pragma once
#include <nlohmann/json.hpp>

#include "mmbench/analysis.hpp"

namespace mmbench {

nlohmann::json to_json(const Analysis& a);

}  // namespace mmbench
