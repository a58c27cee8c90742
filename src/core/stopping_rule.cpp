// The stopping rule of methodology.md. Kept pure (samples and elapsed time in, a verdict out) so it is unit
// tested without clocks. "Converged" also needs a real 95% interval, which order statistics give from n = 6.
#include "mmbench/stopping_rule.hpp"

#include <algorithm>
#include <cmath>

#include "mmbench/stats.hpp"

namespace mmbench {

StopVerdict should_stop(const std::vector<double>& samples, double elapsed_s, const MeasureOptions& opt) {
  const size_t n = samples.size();
  if (n >= static_cast<size_t>(opt.min_samples)) {
    const Summary s = summarize(samples);
    if (s.ci_coverage >= 0.95 && s.rel_ci_halfwidth() <= opt.noise) return StopVerdict::converged;
  }
  if (n >= static_cast<size_t>(opt.max_samples)) return StopVerdict::max_samples;
  // The budget bounds sampling, but a point whose calls are slow still gets its minimum samples (issue 15: a
  // 0.5 s call at N = 4096 is not too slow to measure), as long as one more sample stays inside the time limit.
  if (elapsed_s >= opt.budget_s && n >= 1) {
    if (n >= static_cast<size_t>(samples_past_budget(opt))) return StopVerdict::budget_spent;
    if (elapsed_s + samples.back() > time_limit_s(opt)) return StopVerdict::time_limit;
  }
  return StopVerdict::keep_going;
}

double time_limit_s(const MeasureOptions& opt) {
  return std::max(opt.budget_s, 0.5 * opt.timeout_s);
}

int samples_past_budget(const MeasureOptions& opt) {
  return std::max(opt.min_samples, 6);  // 6: the fewest samples whose median has a 95% interval
}

bool warmup_settled(const std::vector<double>& t) {
  if (t.size() < 2) return false;
  const double a = t[t.size() - 2], b = t[t.size() - 1];
  return std::fabs(a - b) <= 0.10 * std::max(a, b);
}

int warmup_calls_sampled(const std::vector<double>& warmup, long long batch, bool warm_process, bool device_timed) {
  if (batch != 1 || device_timed || !warmup_settled(warmup)) return 0;
  return warm_process && warmup.size() == 2 ? 2 : 1;
}

int steady_warmup_calls(const std::vector<double>& samples, int kept) {
  if (kept <= 0) return 0;
  if (samples.size() <= static_cast<size_t>(kept)) return kept;  // nothing after them to judge them by
  const double m = median_of(std::vector<double>(samples.begin() + kept, samples.end()));
  int drop = 0;
  while (drop < kept && samples[drop] > 1.10 * m) ++drop;
  return kept - drop;
}

long long batch_size_for(double call_s, double target_s) {
  if (call_s <= 0) return 1000000;
  if (call_s >= target_s) return 1;
  return static_cast<long long>(std::ceil(target_s / call_s));
}

}  // namespace mmbench
