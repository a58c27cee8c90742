// When to stop sampling a point: after at least min_samples, once the 95% interval of the median is within
// ±noise; or when the budget is spent and min_samples exist (the point is then `noisy`, with its measured spread);
// a slow point samples past the budget until min_samples, short of its time limit (half the --timeout). Pure.
#pragma once
#include <vector>

#include "mmbench/sweep.hpp"

namespace mmbench {

enum class StopVerdict { keep_going, converged, budget_spent, max_samples, time_limit };
// A point may sample until this many seconds even past its budget (the supervisor kills it at the timeout).
double time_limit_s(const MeasureOptions& opt);
// How many samples a slow point takes past its budget: the minimum, and at least enough for a 95% interval.
int samples_past_budget(const MeasureOptions& opt);
StopVerdict should_stop(const std::vector<double>& samples, double elapsed_s, const MeasureOptions& opt);

// Warm-up is done when the last two timings agree within 10% (and at least one call was made).
bool warmup_settled(const std::vector<double>& timings);

// Calls per sample so that one sample lasts at least target_s (1 when a call is already long enough).
long long batch_size_for(double call_s, double target_s);

}  // namespace mmbench
