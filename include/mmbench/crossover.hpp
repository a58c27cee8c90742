// Crossovers: for two series of the same group, the sizes where the faster one changes, bracketed by the last
// size where one was significantly faster and the first where the other is, refined by the fitted curves. Pure.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "mmbench/fit.hpp"
#include "mmbench/series.hpp"

namespace mmbench {

struct Crossing {
  std::string faster_before;  // faster at the smaller sizes
  std::string faster_after;   // faster from the bracket on
  double x_low = 0, x_high = 0;  // the bracket: measured sizes on either side
  std::optional<double> x_est;   // where the fitted curves (else the measured ratio, interpolated) cross
  std::string estimate;          // how x_est was found: "fitted curves cross" or "measured ratio crosses 1"
};

struct Comparison {
  std::string a, b, group, axis;
  double x_min = 0, x_max = 0;  // the sizes both measured
  int common = 0;
  std::vector<Crossing> crossings;
  std::string sentence;  // "eigen becomes faster than cblas:atlas between N = 256 and 512 (curves cross at N ≈ 300)"
};

// A difference counts when the two medians are further apart than `z` standard errors of their log ratio.
// fa/fb: each series' fit, used to refine the crossing when both describe their data (may be null).
Comparison compare(const Series& a, const Series& b, const FitResult* fa, const FitResult* fb, double z = 2.0);

}  // namespace mmbench
