// A comparison of two sets of records (A: before, B: after; or two machines): points matched on their key, each
// side's runs (a run, or a round of a --repeat run) as the replicates, one effect with its interval and a verdict
// per point, corrected across the sweep, and a summary per backend. Also the machine's run-to-run noise
// (calibration) that sets δ. Pure: records and JSON in, values out; the app reads stores and prints.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmbench/compare_stats.hpp"
#include "mmbench/record.hpp"

namespace mmbench {

// Size range of a point for the calibration: run-to-run noise differs between calls of microseconds and seconds.
// "small" (largest dimension < 512), "medium" (< 2048), "large".
std::string size_range(const Problem& p);

// The machine's measured run-to-run noise: per backend, dtype and size range, the log-scale standard deviation of
// one run's median across runs of the same code, its between-run part (what the samples of one run cannot show).
struct NoiseCalibration {
  std::string machine;               // machine_key() of the environment it was measured on
  std::string created_at;            // ISO 8601 UTC
  std::string source;                // the store it was computed from
  int runs = 0;                      // rounds per point it saw (the smallest)
  std::map<std::string, double> sd;  // "backend|dtype|range" -> sd
  std::optional<double> lookup(const PointKey& k) const;
};
// What identifies a machine for a calibration: its hardware fingerprint (machine.hpp); for runs stored before
// machine identities, hostname, CPU model and logical CPUs.
std::string machine_key(const nlohmann::json& environment);
nlohmann::json to_json(const NoiseCalibration& c);
NoiseCalibration noise_calibration_from_json(const nlohmann::json& j);  // throws Error on a malformed file
// From the records of a run with 2 or more rounds: per point the between-run variance of its rounds' log medians,
// pooled (mean) over the points of a backend, dtype and size range. Throws UsageError when no point has 2 rounds.
NoiseCalibration calibrate_noise(const std::vector<Record>& records);

struct CompareOptions {
  double delta_floor = 0.02;                      // δ is the larger of this and the calibrated noise
  const NoiseCalibration* calibration = nullptr;  // used when it was measured on A's machine
  double level = 0.95;                            // of the intervals
};

struct PointComparison {
  PointKey key;
  int runs_a = 0, runs_b = 0;                           // replicates with a verified time
  Status status_a = Status::ok, status_b = Status::ok;  // the worst over each side's replicates
  // B is wrong or failed where A had a verified time: a regression whatever the times.
  bool status_regression = false;
  double median_a_s = 0, median_b_s = 0;  // geometric mean over the runs of each run's median (ratio = B/A)
  std::optional<Effect> effect;           // when both sides have a verified time
  double delta = 0;
  std::string delta_source;  // "floor" or "calibrated"
  double p_slower_holm = 1, p_slower_bh = 1, p_faster_bh = 1, p_same_bh = 1;
  Verdict verdict = Verdict::inconclusive;  // from the Benjamini–Hochberg adjusted p-values (the report)
  bool confirmed_regression = false;        // Holm-adjusted p_slower < α, or a status regression (the gate)
};

struct BackendComparison {
  std::string backend;
  GeoMeanEffect effect;
  size_t faster = 0, slower = 0, same = 0, inconclusive = 0, not_compared = 0;
};

struct RunComparison {
  std::vector<PointComparison> points;      // in A's order, then B's
  std::vector<PointKey> only_a, only_b;     // unmatched points
  std::vector<BackendComparison> backends;  // in order of first appearance
  double alpha = 0.025;                     // one-sided, per family (0.025: a 95% two-sided interval)
  size_t regressions = 0;                   // confirmed_regression points
  size_t inconclusive = 0;                  // compared points whose verdict is inconclusive
  bool between_run_noise_unknown = false;   // some point had one run per side and no calibration
};

RunComparison compare_records(const std::vector<Record>& a, const std::vector<Record>& b, const CompareOptions& o);

// What differs between the two sides' machines and software, for the header of a comparison: the environment
// of their runs (CPU, cores, memory, OS, kernel, governor, compiler, mmbench), each backend's library version and
// device, and the plans' backend options. Empty when the two sides ran in the same environment.
struct Difference {
  std::string what, a, b;
};
std::vector<Difference> environment_differences(const nlohmann::json& env_a, const nlohmann::json& env_b,
                                                const std::vector<Record>& a, const std::vector<Record>& b,
                                                const nlohmann::json& plan_a, const nlohmann::json& plan_b);

}  // namespace mmbench
