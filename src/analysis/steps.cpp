// Changepoint detection: jumps of the log residual against a smooth baseline, beyond the local slope. Written here
// because no Debian C++ library offers changepoint detection (ruptures and changepy are Python); the rule is a
// few lines and is tested on synthetic series with known steps (tests/unit/analysis_test.cpp). Why not a
// piecewise-constant segmentation: GEMM efficiency rises smoothly with size (fixed costs amortise), which a
// segmentation would cut into spurious steps; the baseline fit and the local slope on each side remove that
// smooth part, so only jumps remain.
#include "mmbench/steps.hpp"

#include <algorithm>
#include <cmath>

#include "mmbench/stats.hpp"

namespace mmbench {

std::vector<Step> find_steps(const Series& s, const FitResult* baseline, double min_jump) {
  const auto& p = s.points;
  std::vector<Step> out;
  if (p.size() < 4) return out;
  const size_t n = p.size();
  std::vector<double> x(n), y(n), e(n);
  for (size_t i = 0; i < n; ++i) {
    const double flops = p[i].problem.flops();
    const double smooth = baseline ? evaluate(*baseline, p[i].x, flops) : flops;
    x[i] = p[i].x;
    y[i] = std::log(p[i].t / smooth);
    e[i] = p[i].sigma / p[i].t;
  }
  // Jump between i and i+1 beyond the local slope, seen from the left (extrapolating y[i-1], y[i]) and from the
  // right (y[i+1], y[i+2]); both must agree in sign and the smaller one is kept, so a point next to a step (whose
  // one-sided slope the step itself bends) is not reported, and neither is smooth curvature. The first and last
  // pairs have one side only and are never reported.
  std::vector<double> jump(n, 0.0);
  std::vector<double> magnitudes;
  for (size_t i = 1; i + 2 < n; ++i) {
    const double dx = x[i + 1] - x[i];
    const double left = y[i + 1] - (y[i] + (y[i] - y[i - 1]) / (x[i] - x[i - 1]) * dx);
    const double right = (y[i + 1] - y[i]) - (y[i + 2] - y[i + 1]) / (x[i + 2] - x[i + 1]) * dx;
    if (left * right > 0) jump[i] = left > 0 ? std::min(left, right) : std::max(left, right);
    magnitudes.push_back(std::abs(jump[i]));
  }
  const double scatter = magnitudes.size() >= 8 ? 1.4826 * median_of(magnitudes) : 0;
  for (size_t i = 1; i + 2 < n; ++i) {
    const double meas = std::sqrt(e[i - 1] * e[i - 1] + e[i] * e[i] + e[i + 1] * e[i + 1] + e[i + 2] * e[i + 2]);
    const double rel = std::exp(jump[i]) - 1, mag = std::abs(jump[i]);
    if (std::abs(rel) < min_jump || mag <= 3 * meas || mag <= 4 * scatter) continue;
    const double unc = std::max(meas, scatter);  // > 0: σ is floored at 0.1% of t
    out.push_back({p[i].x, p[i + 1].x, p[i].gflops, p[i + 1].gflops, rel, mag / unc});
  }
  return out;
}

}  // namespace mmbench
