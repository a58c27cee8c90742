// A projection for people and for `mmbench project --json`: where each term's time comes from, the assumptions
// the numbers rest on, and the JSON that carries both.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmbench/projection.hpp"

namespace mmbench {

std::string term_source(const ProjectionTerm& t);  // "measured (cold)" or "scaled by flops from 1x896x896 (hot)"
std::vector<std::string> projection_assumptions(const Projection& p);
nlohmann::json to_json(const Projection& p);

}  // namespace mmbench
