// Predicts the time of one call at a new size from the points a backend already measured (its best time per flop
// among the largest sizes, times the new size's flops), so a sweep can skip a size that cannot fit its budget;
// and from that, how long points and the rest of a run will take (the progress line's ETA, --dry-run).
#pragma once
#include <optional>
#include <span>
#include <vector>

#include "mmbench/record.hpp"
#include "mmbench/sweep.hpp"

namespace mmbench {

// Seconds per call for `target`, from successful records of the same backend and dtype; empty with none.
std::optional<double> predict_call_seconds(const std::vector<Record>& measured, const PointKey& target);

// Expected wall time of one point. A size with a predicted call time c takes its first call and max(6 c, the
// budget) of samples when its calls are slow, and about what its backend's measured points took when they are fast
// (those stop on the noise rule, before the budget); 0 when the skip rule will skip it. Nothing measured for the
// backend: the median point of the others, else the budget.
double expected_point_seconds(const std::vector<Record>& measured, const PointKey& key, const MeasureOptions& opt);

// The sum of expected_point_seconds over `pending`; nullopt when that would cost more than the progress line is
// worth (pending × measured beyond a few million).
std::optional<double> expected_remaining_seconds(const std::vector<Record>& measured, std::span<const PointKey> pending,
                                                 const MeasureOptions& opt);

}  // namespace mmbench
