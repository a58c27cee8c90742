// Statistics of timing samples. The interval of the median uses binomial order statistics (as in
// distribution-free confidence intervals for quantiles): timings are right-skewed, so a normal interval lies.
#include "mmbench/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mmbench {

double median_of(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// P(X <= x) for X ~ Binomial(n, 1/2), summed in log space so n in the thousands stays finite.
static double binomial_half_cdf(size_t n, size_t x) {
  double total = 0;
  const double log_half_n = static_cast<double>(n) * std::log(0.5);
  for (size_t i = 0; i <= x; ++i)
    total += std::exp(std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) + log_half_n);
  return std::min(total, 1.0);
}

MedianInterval median_interval(size_t n, double level) {
  if (n == 0) return {};
  // [x_(r), x_(n-1-r)] (0-based) covers the median with probability 1 - 2·P(X <= r - 1)... for r = 0 it is
  // 1 - 2·0.5^n. Take the largest r whose coverage still reaches the level.
  MedianInterval best{0, n - 1, 1.0 - 2.0 * std::pow(0.5, static_cast<double>(n))};
  for (size_t r = 1; r < n / 2; ++r) {
    const double coverage = 1.0 - 2.0 * binomial_half_cdf(n, r - 1);
    if (coverage < level) break;
    best = {r, n - 1 - r, coverage};
  }
  return best;
}

double Summary::rel_ci_halfwidth() const {
  if (median <= 0) return INFINITY;
  return std::max(median - ci_low, ci_high - median) / median;
}

Summary summarize(const std::vector<double>& samples) {
  Summary s;
  s.n = samples.size();
  if (s.n == 0) return s;
  std::vector<double> v = samples;
  std::sort(v.begin(), v.end());
  s.min = v.front();
  s.max = v.back();
  s.median = median_of(v);
  s.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(s.n);
  double ss = 0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  s.stdev = s.n > 1 ? std::sqrt(ss / static_cast<double>(s.n - 1)) : 0;
  std::vector<double> dev;
  dev.reserve(s.n);
  for (double x : v) dev.push_back(std::fabs(x - s.median));
  s.mad = median_of(std::move(dev));
  const auto iv = median_interval(s.n);
  s.ci_low = v[iv.lo];
  s.ci_high = v[iv.hi];
  s.ci_coverage = iv.coverage;
  return s;
}

}  // namespace mmbench
