// Pure statistics over timing samples: order statistics, a distribution-free 95% interval of the median
// (binomial order statistics, no normality assumed: timings are skewed), MAD. No I/O, no clocks.
#pragma once
#include <cstddef>
#include <vector>

namespace mmbench {

struct Summary {
  size_t n = 0;
  double median = 0, min = 0, max = 0, mean = 0, stdev = 0, mad = 0;
  double ci_low = 0, ci_high = 0;  // 95% interval of the median
  double ci_coverage = 0;          // actual coverage of [ci_low, ci_high] (>= 0.95 when enough samples)
  // Half-width of the median's interval relative to the median: max(median-low, high-median) / median.
  double rel_ci_halfwidth() const;
};

double median_of(std::vector<double> v);
Summary summarize(const std::vector<double>& samples);
// Ranks (0-based, inclusive) of the narrowest symmetric order-statistic interval with coverage >= level;
// when n is too small for that, the full range and its (lower) coverage.
struct MedianInterval {
  size_t lo = 0, hi = 0;
  double coverage = 0;
};
MedianInterval median_interval(size_t n, double level = 0.95);

}  // namespace mmbench
