// Predicts a call's time at a new size: t = c·flops^b fitted in log–log space on the (up to) three largest sizes
// a backend measured for the same dtype. With one point b = 1. The exponent is clamped to [0.7, 1.5] so that a
// noisy pair of small sizes cannot predict absurd times; cache cliffs beyond the measured range are not foreseen.
#include "mmbench/time_predictor.hpp"

#include <algorithm>
#include <cmath>

namespace mmbench {

std::optional<double> predict_call_seconds(const std::vector<Record>& measured, const PointKey& target) {
  std::vector<std::pair<double, double>> pts;  // (log flops, log seconds)
  for (const auto& r : measured)
    if (r.key.backend == target.backend && r.key.problem.dtype == target.problem.dtype &&
        r.key.mode == target.mode && is_success(r.status) && r.summary.median > 0)
      pts.emplace_back(std::log(r.key.problem.flops()), std::log(r.summary.median));
  if (pts.empty()) return std::nullopt;
  std::sort(pts.begin(), pts.end());
  if (pts.size() > 3) pts.erase(pts.begin(), pts.end() - 3);
  double slope = 1.0;
  if (pts.size() >= 2 && pts.back().first > pts.front().first) {
    double mx = 0, my = 0;
    for (auto [x, y] : pts) mx += x, my += y;
    mx /= pts.size();
    my /= pts.size();
    double sxy = 0, sxx = 0;
    for (auto [x, y] : pts) sxy += (x - mx) * (y - my), sxx += (x - mx) * (x - mx);
    if (sxx > 0) slope = std::clamp(sxy / sxx, 0.7, 1.5);
  }
  const auto [x0, y0] = pts.back();
  return std::exp(y0 + slope * (std::log(target.problem.flops()) - x0));
}

}  // namespace mmbench
