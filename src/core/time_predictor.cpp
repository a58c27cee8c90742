// Predicts a call's time at a new size as its flops times the best time per flop among the (up to) three largest
// sizes a backend measured for the same dtype and mode. Deliberately optimistic: a size wrongly skipped is a lost
// result, while a size wrongly measured only costs its budget (and the timeout still bounds it). An earlier power
// law fitted on those sizes extrapolated one disturbed point (OpenMP threads descheduled on a busy 2-core machine:
// 0.07 GFLOP/s at N = 64) into "181 ms per call" at N = 128 and skipped every larger size. Cache cliffs beyond
// the measured range are not foreseen. A prediction needs evidence: at least two sizes of the family, each timed by
// at least three samples; a single 8 ms sample at 64³ on a busy machine once skipped all seven larger sizes.
#include "mmbench/time_predictor.hpp"

#include <algorithm>
#include <cmath>

#include "mmbench/stats.hpp"
#include "mmbench/stopping_rule.hpp"

namespace mmbench {
namespace {

// Time per flop is only comparable within a family: square with square, otherwise the same M (a GEMV's time per
// flop is 20x a GEMM's; predicting one from the other skipped whole LLM presets).
bool same_family(const Problem& a, const Problem& b) {
  const bool sa = a.m == a.n && a.n == a.k, sb = b.m == b.n && b.n == b.k;
  return sa == sb && (sa || a.m == b.m);
}

constexpr size_t kMinSizes = 2, kMinSamples = 3;

}  // namespace

std::optional<double> predict_call_seconds(const std::vector<Record>& measured, const PointKey& target) {
  std::vector<std::pair<double, double>> pts;  // (flops, seconds per flop)
  for (const auto& r : measured)
    // Same threads and CPU set too: a little cluster's sizes say nothing of the big one's (nor 1 thread of 8).
    if (r.key.backend == target.backend && r.key.problem.dtype == target.problem.dtype && r.key.mode == target.mode &&
        r.key.threads == target.threads && r.key.cpus == target.cpus && is_success(r.status) && r.summary.median > 0 &&
        r.summary.n >= kMinSamples && same_family(r.key.problem, target.problem))
      pts.emplace_back(r.key.problem.flops(), r.summary.median / r.key.problem.flops());
  if (pts.size() < kMinSizes) return std::nullopt;
  std::sort(pts.begin(), pts.end());
  if (pts.size() > 3) pts.erase(pts.begin(), pts.end() - 3);
  double best = pts.front().second;
  for (const auto& p : pts) best = std::min(best, p.second);
  return best * target.problem.flops();
}

double expected_point_seconds(const std::vector<Record>& measured, const PointKey& key, const MeasureOptions& opt) {
  std::vector<double> same, others;
  for (const auto& r : measured) {
    if (r.status == Status::skipped || r.wall_s <= 0) continue;
    const bool mine = r.key.backend == key.backend && r.key.problem.dtype == key.problem.dtype &&
                      r.key.mode == key.mode && r.key.threads == key.threads && r.key.cpus == key.cpus;
    (mine ? same : others).push_back(r.wall_s);
  }
  const double typical = !same.empty()     ? median_of(same)
                         : !others.empty() ? median_of(others)
                                           : estimated_upper_bound_s({key}, opt);  // the budget and a start
  const auto c = predict_call_seconds(measured, key);
  if (!c) return typical;
  const int n = samples_past_budget(opt);
  if ((1 + n) * *c > time_limit_s(opt)) return 0;  // the skip rule will skip it
  const double slow = *c + std::max(opt.budget_s, n * *c);
  return std::min(std::max(typical, (1 + n) * *c), slow);
}

std::optional<double> expected_remaining_seconds(const std::vector<Record>& measured, std::span<const PointKey> pending,
                                                 const MeasureOptions& opt) {
  if (static_cast<double>(pending.size()) * static_cast<double>(measured.size() + 1) > 4e6) return std::nullopt;
  double sum = 0;
  for (const auto& k : pending) sum += expected_point_seconds(measured, k, opt);
  return sum;
}

}  // namespace mmbench
