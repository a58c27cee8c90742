// The explanation of a run: its series, every model fitted to each (with the best one named), the steps in each
// series, and a comparison of every pair of backends in the same group. Built from records; pure: data out, the
// sentences people read are the output layer's (analysis_text.hpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmbench/crossover.hpp"
#include "mmbench/fit.hpp"
#include "mmbench/roofline.hpp"
#include "mmbench/series.hpp"
#include "mmbench/steps.hpp"

namespace mmbench {

// A model that could not be fitted to a series, and the fit's reason ("needs at least 3 points (got 2)").
struct FitProblem {
  Model model = Model::exp;
  std::string reason;
};

struct SeriesAnalysis {
  Series series;
  std::vector<FitResult> fits;           // the models that could be fitted
  std::vector<FitProblem> fit_problems;  // the models that could not
  std::optional<size_t> best;            // index into fits: smallest χ²/NDf
  std::vector<Step> steps;
  std::vector<std::optional<PointVerdict>> verdicts;  // per point (parallel to series.points), when roofs are known
  // None although the run has roofs: a device the host's roofs do not bound, whose backend measured none of its own.
  bool device_without_roofs = false;
  // A device series judged by its own roofs: the memory roof its backend measured, and its compute roof (the best
  // measured on it clear of the memory roof) when a point was clear of it.
  std::optional<DeviceRoof> device_roof;
  std::optional<double> device_peak_gflops;
  const FitResult* best_fit() const { return best ? &fits[*best] : nullptr; }
};

struct Analysis {
  std::vector<SeriesAnalysis> series;
  std::vector<Comparison> comparisons;
  std::optional<Roofs> roofs;  // the run's measured roofs, when it has them
};

// `models`: which fits to try on each series (all by default).
// `roofs`: the run's measured roofs; with them every point gets a roofline verdict.
Analysis analyze(const std::vector<Record>& records, const std::vector<Model>& models = all_models(),
                 const std::optional<Roofs>& roofs = std::nullopt);

nlohmann::json to_json(const FitResult& f);  // {model, formula, parameters: [{name, value, error}], chi2, ndf, ...}

}  // namespace mmbench
