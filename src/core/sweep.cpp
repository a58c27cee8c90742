// Expansion of a sweep spec into points: backends × dtypes × shapes, in an order that measures small sizes of
// one backend first (so the time predictor can skip sizes that would not fit the budget).
#include "mmbench/sweep.hpp"

namespace mmbench {

std::vector<PointKey> expand(const SweepSpec& spec) {
  std::vector<Problem> shapes;
  for (DType d : spec.dtypes) {
    if (!spec.shapes.empty()) {
      for (const auto& [m, n, k] : spec.shapes) shapes.push_back({m, n, k, d});
    } else if (!spec.square.empty()) {
      for (int64_t s : spec.square) shapes.push_back({s, s, s, d});
    } else {
      for (int64_t m : spec.m)
        for (int64_t n : spec.n)
          for (int64_t k : spec.k) shapes.push_back({m, n, k, d});
    }
  }
  std::vector<PointKey> points;
  for (const auto& b : spec.backends)
    for (const auto& p : shapes) points.push_back({b, p, spec.mode, spec.threads});
  return points;
}

double estimated_upper_bound_s(const std::vector<PointKey>& points, const MeasureOptions& opt) {
  constexpr double kStartup = 0.05;  // process start, library load, data generation of a small point
  return static_cast<double>(points.size()) * (opt.budget_s + kStartup);
}

}  // namespace mmbench
