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

// The latest record of each point, in the order the points first appear: a --resume re-measure replaces the
// earlier record in its place. Linear in the number of records.
std::vector<Record> latest_per_point(std::vector<Record> records);

}  // namespace mmbench
