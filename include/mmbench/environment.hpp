// The machine a run measured, captured once per run and stored with it: CPU, cores, governors, memory, OS,
// compiler, build type, load. Also the loud warnings a reader of the numbers must see (debug build, governor...).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mmbench {

struct Environment {
  nlohmann::json facts;               // key → value, stored as JSON
  std::vector<std::string> warnings;  // for people: printed before the run and kept in every output
};

Environment capture_environment(int threads);
int hardware_threads();
// Bytes of physical memory (0 if unknown) — sizes beyond it are refused.
double physical_memory_bytes();
std::string utc_now_iso();

}  // namespace mmbench
