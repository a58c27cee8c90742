// A Report: what every sink formats — the runs of a store (plan, environment, warnings) and the latest record of
// each point.
#pragma once
#include <vector>

#include "mmbench/record.hpp"
#include "mmbench/store.hpp"

namespace mmbench {

struct Report {
  std::vector<RunInfo> runs;
  std::vector<Record> records;
};

}  // namespace mmbench
