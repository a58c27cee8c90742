// Comparing two builds at one benchmark point with the run, not the sample, as the unit (Kalibera & Jones,
// "Rigorous benchmarking in reasonable time", 2013): a ratio of times with its interval, one-sided and equivalence
// p-values against a ±delta margin, corrections across the points of a sweep, and the classic U-test anchors. Pure.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace mmbench {

struct Replicates {
  std::vector<std::vector<double>> runs;  // seconds per call, one vector per run
};

struct Effect {
  // B/A of time: exp(d) with d = mean_j log(median b_j) - mean_i log(median a_i); interval at the level asked for.
  double ratio = 1, low = 1, high = 1;
  double se = 0, df = 0;  // standard error of d and its degrees of freedom (infinity = normal)
  double p_slower = 1;    // one-sided p of H0: ratio <= 1+delta (small p: confirmed slower)
  double p_faster = 1;    // one-sided p of H0: ratio >= 1-delta (small p: confirmed faster)
  double p_same = 1;  // TOST: max of the one-sided p's of H0: ratio >= 1+delta and H0: ratio <= 1-delta (small: within)
  // Log-scale run-to-run sd, pooled over the sides with >= 2 runs: the between-run part of the variance of the run
  // medians, max(0, their total variance - the mean within-run variance). The calibrated value in the 1-vs-1 case.
  double between_sd = 0;
  double within_sd = 0;  // log-scale sd of one run's median from its own samples (root mean of the per-run variances)
  int runs_a = 0, runs_b = 0;
  // False: both sides have one run and no calibration was given — the interval holds within-run noise only.
  bool between_known = false;
  // Runs per side likely (80% power) to decide an inconclusive point (nullopt: decided already, or more than 100
  // needed).
  std::optional<int> runs_to_decide;
};

// A (old) against B (new). `delta`: the margin of "same", in [0, 1). `calibrated_between_sd`: the log-scale
// run-to-run sd measured beforehand; used only when both sides have a single run (otherwise the data say it).
// Throws std::invalid_argument for an empty side, a run with no samples or a sample that is not positive.
Effect estimate_effect(const Replicates& a, const Replicates& b, double delta,
                       std::optional<double> calibrated_between_sd = std::nullopt, double level = 0.95);

enum class Verdict { faster, slower, same, inconclusive };
std::string_view to_string(Verdict v);  // "faster", "slower", "same", "inconclusive"

// From (adjusted) p-values: slower if p_slower < alpha, faster if p_faster < alpha, same if p_same < alpha, else
// inconclusive. `alpha` is one-sided: 0.025 matches a 95% two-sided interval (the interval wholly above 1+delta
// <=> p_slower < 0.025).
Verdict verdict_of(double p_slower, double p_faster, double p_same, double alpha = 0.025);

// Corrections across the points of a sweep: adjusted p-values in the input order, monotone as the methods define
// and clamped to <= 1. Holm bounds the family-wise error (the CI gate), Benjamini–Hochberg the false discovery rate
// (the report).
std::vector<double> holm(const std::vector<double>& p);
std::vector<double> benjamini_hochberg(const std::vector<double>& p);

// Geometric-mean summary of many points' effects (e.g. all points of one backend): mean of log(ratio_i), se =
// sqrt(sum se_i^2) / n, df = min df_i; interval at the level. No effects: ratio 1, points 0. Assumes the points
// independent: compare uses it only when each side has one run (comparison.cpp counts rounds otherwise).
struct GeoMeanEffect {
  double ratio = 1, low = 1, high = 1;
  size_t points = 0;
};
GeoMeanEffect geometric_mean_effect(const std::vector<Effect>& effects, double level = 0.95);

// Classic anchors (google/benchmark's compare.py runs the U test per benchmark): the two-sample Hodges–Lehmann
// shift (median of all pairwise differences y_j - x_i) and the two-sided Mann–Whitney U p-value, normal
// approximation, tie-corrected, with continuity correction. Both throw std::invalid_argument for an empty sample.
double hodges_lehmann(const std::vector<double>& x, const std::vector<double>& y);
double mann_whitney_p(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace mmbench
