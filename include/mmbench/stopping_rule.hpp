// When to stop sampling a point: after at least min_samples, once the 95% interval of the median is within
// ±noise; or when the budget is spent (the point is then `noisy`, with its measured spread). Pure: no clock.
#pragma once
#include <vector>

#include "mmbench/sweep.hpp"

namespace mmbench {

enum class StopVerdict { keep_going, converged, budget_spent, max_samples };
StopVerdict should_stop(const std::vector<double>& samples, double elapsed_s, const MeasureOptions& opt);

// Warm-up is done when the last two timings agree within 10% (and at least one call was made).
bool warmup_settled(const std::vector<double>& timings);

// Calls per sample so that one sample lasts at least target_s (1 when a call is already long enough).
long long batch_size_for(double call_s, double target_s);

}  // namespace mmbench
