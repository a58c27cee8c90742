// Crossovers: for two series of the same group, the sizes where the faster one changes, bracketed by the last
// size where one was significantly faster and the first where the other is, refined by the fitted curves. Pure
// (its sentence, "eigen becomes faster than cblas:atlas between N = 256 and 512 ...": analysis_text.hpp).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mmbench/fit.hpp"
#include "mmbench/series.hpp"

namespace mmbench {

// How a crossing's size was estimated: where the fitted curves cross, or where the measured ratio (interpolated)
// crosses 1.
enum class Estimate { none, fitted_curves, measured_ratio };
std::string_view to_string(Estimate e);  // "", "fitted curves cross", "measured ratio crosses 1"

struct Crossing {
  std::string faster_before;           // faster at the smaller sizes
  std::string faster_after;            // faster from the bracket on
  double x_low = 0, x_high = 0;        // the bracket: measured sizes on either side
  std::optional<double> x_est;         // where the fitted curves (else the measured ratio, interpolated) cross
  Estimate estimate = Estimate::none;  // how x_est was found
};

struct Comparison {
  std::string a, b, group, axis;
  double x_min = 0, x_max = 0;  // the sizes both measured
  int common = 0;
  std::vector<Crossing> crossings;
  // Without a crossing: the backend faster at every size where the two differ and the other one (both empty when
  // they never differ), whether some sizes were ties, and the range of the speed ratio where they differ.
  std::string faster, slower;
  bool ties = false;
  double ratio_low = 0, ratio_high = 0;
};

// A difference counts when the two medians are further apart than `z` standard errors of their log ratio.
// fa/fb: each series' fit, used to refine the crossing when both describe their data (may be null).
Comparison compare(const Series& a, const Series& b, const FitResult* fa, const FitResult* fb, double z = 2.0);

}  // namespace mmbench
