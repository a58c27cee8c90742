// Predicts the time of one call at a new size from the points a backend already measured (its best time per flop
// among the largest sizes, times the new size's flops), so a sweep can skip a size that cannot fit its budget.
#pragma once
#include <optional>
#include <vector>

#include "mmbench/record.hpp"

namespace mmbench {

// Seconds per call for `target`, from successful records of the same backend and dtype; empty with none.
std::optional<double> predict_call_seconds(const std::vector<Record>& measured, const PointKey& target);

}  // namespace mmbench
