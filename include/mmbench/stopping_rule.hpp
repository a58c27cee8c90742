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

// How many of the warm-up's last calls become samples (methodology.md, step 2): none unless samples are single calls
// and the warm-up settled with host-clock times a device timer did not miss; then the call that ended it (it agrees
// with the one before). In a warm worker whose very first call at this shape already agreed with the next (the
// timings show no warm-up was needed), that first call too: two.
int warmup_calls_sampled(const std::vector<double>& warmup, long long batch, bool warm_process, bool device_timed);
// The check after the fact, when the stopping rule would stop: of the `kept` warm-up calls at the front of `samples`,
// how many stay. They are dropped from the front while slower than 1.10 × the median of the samples after them
// (two slow calls can agree: ATLAS at N = 512 ran 13.5, 13.2, then 8.3 ms per call).
int steady_warmup_calls(const std::vector<double>& samples, int kept);

// Calls per sample so that one sample lasts at least target_s (1 when a call is already long enough).
long long batch_size_for(double call_s, double target_s);

}  // namespace mmbench
