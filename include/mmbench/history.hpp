// A history of runs: every point's value run after run (a nightly job's stores), and the runs where its level
// changed, found by a penalised piecewise-constant fit (optimal partitioning, as asv's step detection) on the log
// of each run's median. Pure: records in, values out; `mmbench history` reads the stores and prints.
#pragma once
#include <string>
#include <vector>

#include "mmbench/record.hpp"

namespace mmbench {

// One run of the plan (a store: the run and the runs that resumed it, every --repeat round).
struct HistorySource {
  std::string name;        // the store file
  std::string started_at;  // ISO 8601 UTC, orders the runs
  std::vector<Record> records;
};

struct HistoryValue {
  size_t source = 0;             // index into the sources, in time order
  double value_s = 0;            // median over the run's rounds of each round's median
  double low_s = 0, high_s = 0;  // the rounds' range, or one round's 95% interval of the median
  int rounds = 0;
};

struct ChangePoint {
  size_t at = 0;                     // index into the point's values: the first run of the new level
  double before_s = 0, after_s = 0;  // the levels (geometric means of the segments)
  double ratio() const { return after_s / before_s; }
};

struct PointHistory {
  PointKey key;
  std::vector<HistoryValue> values;
  std::vector<ChangePoint> changes;
};

// Segment starts (excluding 0) of the piecewise-constant fit of y minimising Σ w·(y − segment mean)² + penalty per
// segment (optimal partitioning, exact, O(n²)). `weights`: 1/σ² of each value.
std::vector<size_t> piecewise_constant_fit(const std::vector<double>& y, const std::vector<double>& weights,
                                           double penalty);

// The change points of a series of run values: the fit on log time with each value's variance (its own interval's
// plus the run-to-run scatter measured robustly from successive differences), a penalty of 5·ln(n) per step
// (BIC's 2·ln(n) raised until flat series rarely show a step), and steps smaller than `min_step` (fraction) merged
// away. Needs 4 values.
std::vector<ChangePoint> find_change_points(const std::vector<HistoryValue>& values, double min_step = 0.02);

// Every point's history over the sources (stable-sorted by started_at first: give equal ones in their true
// order), with its change points.
std::vector<PointHistory> build_history(std::vector<HistorySource>& sources, double min_step = 0.02);

}  // namespace mmbench
