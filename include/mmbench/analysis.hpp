// The explanation of a run: its series, every model fitted to each (with the best one named), the steps in each
// series, and a comparison of every pair of backends in the same group. Built from records; pure.
#pragma once
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmbench/crossover.hpp"
#include "mmbench/fit.hpp"
#include "mmbench/roofline.hpp"
#include "mmbench/series.hpp"
#include "mmbench/steps.hpp"

namespace mmbench {

struct SeriesAnalysis {
  Series series;
  std::vector<FitResult> fits;             // the models that could be fitted
  std::vector<std::string> fit_problems;   // why a model was not fitted: "power: needs at least 3 points (got 2)"
  std::optional<size_t> best;              // index into fits: smallest χ²/NDf
  std::vector<Step> steps;
  std::vector<std::optional<PointVerdict>> verdicts;  // per point (parallel to series.points), when roofs are known
  std::string no_verdict;  // why there are none although the run has roofs (a device the host's roofs don't bound)
  std::string roof_note;   // whose roofs judged a device series ("roofs of NVIDIA H100 ...: memory 2900 GB/s ...")
  const FitResult* best_fit() const { return best ? &fits[*best] : nullptr; }
  // "overhead describes the data (χ²/NDf = 1.12)" or "no model describes the data within the spreads; closest: ..."
  std::string verdict() const;
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
nlohmann::json to_json(const Analysis& a);
// Human text. full: per series every fit with its Minuit summary, verdict and steps, then every comparison's
// sentence (analysis.txt, `mmbench fit`). Otherwise one line per series plus steps and crossovers (the console).
void write_analysis_text(std::ostream& os, const Analysis& a, bool full = true);

}  // namespace mmbench
