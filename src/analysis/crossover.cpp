// Crossover search. Per common size: d = ln(t_a / t_b) with standard error e from both points' spreads; the
// state is "a faster" (d < -z·e), "b faster" (d > z·e) or a tie. A crossing is a change of the non-tie state;
// its bracket spans any ties in between. The estimate solves ln f_a(x) = ln f_b(x) by bisection inside the
// bracket when both fits describe their data (χ²/NDf consistent) and change sign there, else interpolates d
// linearly between the measured sizes.
#include "mmbench/crossover.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace mmbench {
namespace {

std::optional<double> solve_fits(const Series& a, const Series& b, const FitResult& fa, const FitResult& fb, double lo,
                                 double hi) {
  auto g = [&](double x) {
    return std::log(evaluate(fa, x, a.flops_at(x))) - std::log(evaluate(fb, x, b.flops_at(x)));
  };
  double glo = g(lo), ghi = g(hi);
  if (!std::isfinite(glo) || !std::isfinite(ghi) || glo * ghi > 0) return std::nullopt;
  for (int it = 0; it < 100 && hi - lo > 1e-6 * hi; ++it) {
    const double mid = 0.5 * (lo + hi), gm = g(mid);
    if (!std::isfinite(gm)) return std::nullopt;
    (gm * glo <= 0 ? hi : lo) = mid;
    if (gm * glo > 0) glo = gm;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

std::string_view to_string(Estimate e) {
  switch (e) {
    case Estimate::none:
      return "";
    case Estimate::fitted_curves:
      return "fitted curves cross";
    case Estimate::measured_ratio:
      return "measured ratio crosses 1";
  }
  return "";
}

Comparison compare(const Series& a, const Series& b, const FitResult* fa, const FitResult* fb, double z) {
  Comparison c;
  c.a = a.name(), c.b = b.name(), c.group = a.group(), c.axis = a.axis();
  std::map<double, const SeriesPoint*> pb;
  for (const auto& p : b.points) pb[p.x] = &p;
  struct Pt {
    double x, d, e;
    int state;
  };
  std::vector<Pt> pts;
  for (const auto& p : a.points) {
    auto it = pb.find(p.x);
    if (it == pb.end()) continue;
    const SeriesPoint& q = *it->second;
    const double d = std::log(p.t / q.t);
    const double e = std::hypot(p.sigma / p.t, q.sigma / q.t);
    pts.push_back({p.x, d, e, d < -z * e ? -1 : d > z * e ? 1 : 0});
  }
  c.common = static_cast<int>(pts.size());
  if (pts.empty()) return c;
  c.x_min = pts.front().x, c.x_max = pts.back().x;

  int last_state = 0;
  size_t last_idx = 0;
  for (size_t i = 0; i < pts.size(); ++i) {
    if (pts[i].state == 0) continue;
    if (last_state != 0 && pts[i].state != last_state) {
      Crossing x;
      x.faster_after = pts[i].state < 0 ? a.name() : b.name();
      x.faster_before = pts[i].state < 0 ? b.name() : a.name();
      x.x_low = pts[last_idx].x, x.x_high = pts[i].x;
      if (fa && fb && fa->consistent() && fb->consistent()) x.x_est = solve_fits(a, b, *fa, *fb, x.x_low, x.x_high);
      if (x.x_est) x.estimate = Estimate::fitted_curves;
      if (!x.x_est)
        for (size_t j = last_idx; j < i; ++j)
          if (pts[j].d * pts[j + 1].d <= 0 && pts[j].d != pts[j + 1].d) {
            x.x_est = pts[j].x + (pts[j + 1].x - pts[j].x) * (0 - pts[j].d) / (pts[j + 1].d - pts[j].d);
            x.estimate = Estimate::measured_ratio;
            break;
          }
      c.crossings.push_back(x);
    }
    last_state = pts[i].state, last_idx = i;
  }

  if (c.crossings.empty()) {
    int faster = 0;  // the one non-tie state, if any
    double lo = INFINITY, hi = 0;
    for (const auto& p : pts)
      if (p.state)
        faster = p.state, lo = std::min(lo, std::exp(std::abs(p.d))), hi = std::max(hi, std::exp(std::abs(p.d)));
    if (faster) {
      c.faster = faster < 0 ? a.name() : b.name(), c.slower = faster < 0 ? b.name() : a.name();
      c.ties = std::any_of(pts.begin(), pts.end(), [](const Pt& p) { return p.state == 0; });
      c.ratio_low = lo, c.ratio_high = hi;
    }
  }
  return c;
}

}  // namespace mmbench
