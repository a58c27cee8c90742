// Comparison of two builds with the run as the unit (Kalibera & Jones 2013): samples within one run share that
// run's state (frequency, placement, page layout), so treating them as independent understates the noise a rerun
// would show; each run gives one statistic, its log median, and the sides are compared on those. Student t from
// Boost.Math (header-only) because Welch's degrees of freedom are fractional and small.
#include "mmbench/compare_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "mmbench/stats.hpp"

namespace mmbench {
namespace {

// Double precision throughout: promoting to long double (Boost's default) only costs time at these magnitudes.
using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
constexpr double kInf = std::numeric_limits<double>::infinity();
// The standard error when the data show no noise at all (every sample of every run equal): small enough that the
// verdict follows the sign of d against the margins, and still finite so the arithmetic stays ordinary.
constexpr double kTinySe = 1e-12;
// Asymptotic sd of a sample median is sqrt(pi/2) = 1.2533 times sigma / sqrt(n) for normal data; 1.4826 * MAD is
// a sigma that one outlier in the run does not inflate.
constexpr double kMedianEfficiency = 1.2533, kMadToSigma = 1.4826;
constexpr int kMaxRuns = 100;

// P(T <= z) for T ~ Student t(df), or the standard normal when df is infinite.
double cdf(double z, double df) {
  if (z == kInf) return 1;
  if (z == -kInf) return 0;
  if (std::isinf(df)) return boost::math::cdf(boost::math::normal_distribution<double, Policy>(), z);
  return boost::math::cdf(boost::math::students_t_distribution<double, Policy>(df), z);
}

// P(T > z), computed as P(T <= -z) (both distributions are symmetric) so a small tail keeps its digits.
double upper_tail(double z, double df) {
  return cdf(-z, df);
}

// The q with P(T <= q) = p.
double quantile(double p, double df) {
  if (std::isinf(df)) return boost::math::quantile(boost::math::normal_distribution<double, Policy>(), p);
  return boost::math::quantile(boost::math::students_t_distribution<double, Policy>(df), p);
}

// One side's runs reduced to their statistics.
struct Side {
  std::vector<double> m;       // log median of each run
  std::vector<double> within;  // variance of each m from its run's own samples
  double mean = 0;             // mean of m
  double var = 0;              // sample variance of m (0 with one run)
  double within_mean = 0;      // mean of `within`
  int runs() const { return static_cast<int>(m.size()); }
};

Side describe(const Replicates& r, const char* name) {
  if (r.runs.empty()) throw std::invalid_argument(std::string("estimate_effect: side ") + name + " has no runs");
  Side s;
  for (size_t i = 0; i < r.runs.size(); ++i) {
    const auto& run = r.runs[i];
    if (run.empty()) {
      throw std::invalid_argument(std::string("estimate_effect: run ") + std::to_string(i + 1) + " of side " + name +
                                  " has no samples");
    }
    std::vector<double> logs;
    logs.reserve(run.size());
    for (double x : run) {
      if (!(x > 0) || !std::isfinite(x)) {  // also rejects NaN
        throw std::invalid_argument(std::string("estimate_effect: run ") + std::to_string(i + 1) + " of side " + name +
                                    " has a sample that is not a positive time: " + std::to_string(x));
      }
      logs.push_back(std::log(x));
    }
    s.m.push_back(std::log(median_of(run)));
    double w = 0;
    if (logs.size() > 1) {
      const double centre = median_of(logs);
      std::vector<double> dev;
      dev.reserve(logs.size());
      for (double l : logs) dev.push_back(std::abs(l - centre));
      const double sd = kMedianEfficiency * kMadToSigma * median_of(std::move(dev));
      w = sd * sd / static_cast<double>(logs.size());
    }
    s.within.push_back(w);
  }
  const double n = static_cast<double>(s.m.size());
  s.mean = std::accumulate(s.m.begin(), s.m.end(), 0.0) / n;
  s.within_mean = std::accumulate(s.within.begin(), s.within.end(), 0.0) / n;
  if (s.m.size() > 1) {
    double ss = 0;
    for (double m : s.m) ss += (m - s.mean) * (m - s.mean);
    s.var = ss / (n - 1);
  }
  return s;
}

// Smallest n in 2..kMaxRuns with (t(2n-2, 1-alpha) + t(2n-2, 0.8)) * s * sqrt(2/n) below `gap`: the runs
// per side at which the point would be decided with 80% power if the truth were the present estimate. The left
// side shrinks as n grows, so a bisection finds it.
std::optional<int> runs_needed(double s, double gap, double alpha) {
  if (!(gap > 0)) return std::nullopt;
  // "Likely": with 80% power, not the n at which today's estimate would just clear the margin (a coin flip).
  auto decides = [&](int n) {
    return (quantile(1 - alpha, 2.0 * n - 2) + quantile(0.8, 2.0 * n - 2)) * s * std::sqrt(2.0 / n) < gap;
  };
  if (!decides(kMaxRuns)) return std::nullopt;
  int lo = 1, hi = kMaxRuns;  // decides(hi) holds; lo is below the range or fails
  while (hi - lo > 1) {
    const int mid = (lo + hi) / 2;
    (decides(mid) ? hi : lo) = mid;
  }
  return hi;
}

void check_p(const std::vector<double>& p, const char* who) {
  for (double x : p) {
    if (!(x >= 0 && x <= 1)) {
      throw std::invalid_argument(std::string(who) + ": p-value outside [0, 1]: " + std::to_string(x));
    }
  }
}

// Indices of p in ascending order of p (stable, so ties keep the input order and the result is reproducible).
std::vector<size_t> ascending(const std::vector<double>& p) {
  std::vector<size_t> order(p.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) { return p[i] < p[j]; });
  return order;
}

}  // namespace

Effect estimate_effect(const Replicates& a, const Replicates& b, double delta,
                       std::optional<double> calibrated_between_sd, double level) {
  if (!(delta >= 0 && delta < 1)) {
    throw std::invalid_argument("estimate_effect: delta must be in [0, 1), got " + std::to_string(delta));
  }
  if (!(level > 0 && level < 1)) {
    throw std::invalid_argument("estimate_effect: level must be in (0, 1), got " + std::to_string(level));
  }
  if (calibrated_between_sd && !(*calibrated_between_sd >= 0 && std::isfinite(*calibrated_between_sd))) {
    throw std::invalid_argument("estimate_effect: calibrated_between_sd must be finite and >= 0, got " +
                                std::to_string(*calibrated_between_sd));
  }
  const Side sa = describe(a, "A"), sb = describe(b, "B");
  const int ra = sa.runs(), rb = sb.runs();
  Effect e;
  e.runs_a = ra;
  e.runs_b = rb;
  const double d = sb.mean - sa.mean;

  // Within-run noise of one run's median, averaged over every run of both sides.
  const double within_all = (sa.within_mean * ra + sb.within_mean * rb) / static_cast<double>(ra + rb);
  e.within_sd = std::sqrt(within_all);

  // Between-run part: the run medians scatter by between-run drift plus their own within-run noise; what exceeds
  // the latter is the drift. Pooled, weighted by degrees of freedom, over the sides that have a scatter to see.
  double pooled_total = 0, pooled_within = 0, pooled_df = 0;
  for (const Side* s : {&sa, &sb}) {
    if (s->runs() < 2) continue;
    pooled_total += (s->runs() - 1) * s->var;
    pooled_within += (s->runs() - 1) * s->within_mean;
    pooled_df += s->runs() - 1;
  }
  if (pooled_df > 0) e.between_sd = std::sqrt(std::max(0.0, (pooled_total - pooled_within) / pooled_df));

  double se2 = 0, run_var = 0;  // run_var: the variance of one run's statistic, for runs_to_decide
  if (ra >= 2 && rb >= 2) {
    // Welch: the two builds may differ in how much they drift between runs.
    double va = sa.var, vb = sb.var;
    if (va == 0 && vb == 0) {  // every run's median equal on both sides (coarse timers): the runs' own noise
      va = sa.within_mean;
      vb = sb.within_mean;
    }
    const double ua = va / ra, ub = vb / rb;
    se2 = ua + ub;
    e.df = se2 > 0 ? se2 * se2 / (ua * ua / (ra - 1) + ub * ub / (rb - 1)) : ra + rb - 2;
    run_var = ((ra - 1) * va + (rb - 1) * vb) / (ra + rb - 2);
    e.between_known = true;
  } else if (ra >= 2 || rb >= 2) {
    // One side has a single run: its spread is unknowable, so the other side's stands for both.
    const Side& many = ra >= 2 ? sa : sb;
    double v = many.var;
    if (v == 0) v = within_all;
    se2 = v * (1.0 / ra + 1.0 / rb);
    e.df = many.runs() - 1;
    run_var = v;
    e.between_known = true;
  } else {
    // One run each: the data cannot show drift between runs. A calibration measured on this machine supplies it;
    // without one the interval holds within-run noise only and says so (between_known false).
    const double cal = calibrated_between_sd.value_or(0.0);
    se2 = sa.within_mean + sb.within_mean + 2 * cal * cal;
    e.df = kInf;
    run_var = within_all + cal * cal;
    e.between_known = calibrated_between_sd.has_value();
    if (e.between_known) e.between_sd = cal;
  }
  e.se = se2 > 0 ? std::sqrt(se2) : kTinySe;

  const double q = quantile(1 - (1 - level) / 2, e.df);
  e.ratio = std::exp(d);
  e.low = std::exp(d - q * e.se);
  e.high = std::exp(d + q * e.se);

  const double upper = std::log1p(delta), lower = std::log1p(-delta);
  const double z_upper = (d - upper) / e.se, z_lower = (d - lower) / e.se;
  e.p_slower = upper_tail(z_upper, e.df);
  e.p_faster = cdf(z_lower, e.df);
  e.p_same = std::max(cdf(z_upper, e.df), upper_tail(z_lower, e.df));

  const double alpha = (1 - level) / 2;
  if (verdict_of(e.p_slower, e.p_faster, e.p_same, alpha) == Verdict::inconclusive) {
    // Distance from d to the margin it would have to clear: past the margin it lies beyond (slower or faster),
    // or, inside both, to the nearer one (same). The margins are log(1+delta) and log(1-delta), which are not
    // symmetric about 0.
    double gap;
    if (d > upper) {
      gap = d - upper;
    } else if (d < lower) {
      gap = lower - d;
    } else {
      gap = std::min(upper - d, d - lower);
    }
    e.runs_to_decide = runs_needed(std::sqrt(run_var), gap, alpha);
  }
  return e;
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::faster:
      return "faster";
    case Verdict::slower:
      return "slower";
    case Verdict::same:
      return "same";
    case Verdict::inconclusive:
      break;
  }
  return "inconclusive";
}

Verdict verdict_of(double p_slower, double p_faster, double p_same, double alpha) {
  if (p_slower < alpha) return Verdict::slower;
  if (p_faster < alpha) return Verdict::faster;
  if (p_same < alpha) return Verdict::same;
  return Verdict::inconclusive;
}

std::vector<double> holm(const std::vector<double>& p) {
  check_p(p, "holm");
  const size_t m = p.size();
  std::vector<double> out(m);
  double running = 0;  // step-down: an adjusted p is never below one of a smaller raw p
  const auto order = ascending(p);
  for (size_t k = 0; k < m; ++k) {
    running = std::max(running, std::min(1.0, static_cast<double>(m - k) * p[order[k]]));
    out[order[k]] = running;
  }
  return out;
}

std::vector<double> benjamini_hochberg(const std::vector<double>& p) {
  check_p(p, "benjamini_hochberg");
  const size_t m = p.size();
  std::vector<double> out(m);
  double running = 1;  // step-up: an adjusted p is never above one of a larger raw p
  const auto order = ascending(p);
  for (size_t k = m; k-- > 0;) {
    running = std::min(running, static_cast<double>(m) / static_cast<double>(k + 1) * p[order[k]]);
    out[order[k]] = running;
  }
  return out;
}

GeoMeanEffect geometric_mean_effect(const std::vector<Effect>& effects, double level) {
  if (!(level > 0 && level < 1)) {
    throw std::invalid_argument("geometric_mean_effect: level must be in (0, 1), got " + std::to_string(level));
  }
  GeoMeanEffect g;
  g.points = effects.size();
  if (effects.empty()) return g;
  const double n = static_cast<double>(effects.size());
  double sum_d = 0, sum_var = 0, df = kInf;
  for (const Effect& e : effects) {
    sum_d += std::log(e.ratio);
    sum_var += e.se * e.se;
    df = std::min(df, e.df);
  }
  const double d = sum_d / n, se = std::sqrt(sum_var) / n;
  // df 0 is a default-constructed Effect's: no information about its spread, so the normal stands in.
  const double q = quantile(1 - (1 - level) / 2, df > 0 ? df : kInf);
  g.ratio = std::exp(d);
  g.low = std::exp(d - q * se);
  g.high = std::exp(d + q * se);
  return g;
}

double hodges_lehmann(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.empty() || y.empty()) throw std::invalid_argument("hodges_lehmann: both samples need at least one value");
  std::vector<double> diffs;
  diffs.reserve(x.size() * y.size());
  for (double yj : y) {
    for (double xi : x) diffs.push_back(yj - xi);
  }
  return median_of(std::move(diffs));
}

double mann_whitney_p(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.empty() || y.empty()) throw std::invalid_argument("mann_whitney_p: both samples need at least one value");
  const size_t n1 = x.size(), n2 = y.size(), n = n1 + n2;
  std::vector<std::pair<double, bool>> all;  // value, from x
  all.reserve(n);
  for (double v : x) all.emplace_back(v, true);
  for (double v : y) all.emplace_back(v, false);
  std::sort(all.begin(), all.end(), [](const auto& l, const auto& r) { return l.first < r.first; });
  // Midranks for ties; each tie group of size t lowers the variance of U by n1 n2 (t^3 - t) / (12 n (n-1)).
  double rank_sum_x = 0, ties = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && all[j].first == all[i].first) ++j;
    const double t = static_cast<double>(j - i), midrank = (static_cast<double>(i + j) + 1) / 2;  // 1-based
    for (size_t k = i; k < j; ++k) {
      if (all[k].second) rank_sum_x += midrank;
    }
    ties += t * t * t - t;
    i = j;
  }
  const double d1 = static_cast<double>(n1), d2 = static_cast<double>(n2), dn = static_cast<double>(n);
  const double u1 = rank_sum_x - d1 * (d1 + 1) / 2;
  const double u = std::max(u1, d1 * d2 - u1);
  const double var = d1 * d2 / 12 * ((dn + 1) - ties / (dn * (dn - 1)));
  if (!(var > 0)) return 1;  // every value tied: no evidence of a shift
  const double z = (u - d1 * d2 / 2 - 0.5) / std::sqrt(var);
  return std::min(1.0, 2 * upper_tail(z, kInf));
}

}  // namespace mmbench
