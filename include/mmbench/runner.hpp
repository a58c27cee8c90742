// The runner: measures a plan's points into a store through supervised workers (one per run of a backend's points),
// each record committed before the next point starts. It owns the run's bookkeeping (environment, roofs, the skip rule,
// resume); what people see of its progress is the observer's business, so the runner never prints.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mmbench/plan.hpp"
#include "mmbench/record.hpp"
#include "mmbench/registry.hpp"
#include "mmbench/roofs.hpp"
#include "mmbench/store.hpp"

namespace mmbench {

// Where a run stands when a point starts: time since the first point, and the expected time of the points left
// (this one included) from what has been measured (time_predictor.hpp); nullopt when not estimated.
struct Progress {
  double elapsed_s = 0;
  std::optional<double> remaining_s;
};

// Hooks for progress; every default does nothing (tests watch, the CLI prints).
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void warning(const std::string& text) { (void)text; }
  virtual void probing_roofs() {}
  virtual void roofs_measured(const Roofs& roofs) { (void)roofs; }
  // `bound_s`: the plan's upper bound on time (every point spends its budget).
  virtual void started(size_t points, int64_t resumed_from, const std::string& store, double bound_s) {
    (void)points, (void)resumed_from, (void)store, (void)bound_s;
  }
  virtual void point_started(size_t index, size_t count, const PointKey& key, const Progress& progress) {
    (void)index, (void)count, (void)key, (void)progress;
  }
  virtual void point_finished(size_t index, size_t count, const Record& r) { (void)index, (void)count, (void)r; }
  virtual void finished(double seconds) { (void)seconds; }
  // A signal stopped the run: the point in flight (if any) was dropped, `kept` records of this run are stored.
  virtual void interrupted(int signal, size_t kept) { (void)signal, (void)kept; }
};

struct RunSettings {
  bool isolate = true;       // a worker process per point (false: in this process, for debugging)
  std::string worker_exe;    // the binary started in worker mode when isolating
  int64_t resumed_from = 0;  // the stored run this one completes; 0 for a fresh run
};

struct RunResult {
  int64_t run_id = 0;
  size_t measured = 0;      // records written by this run
  bool any_failed = false;  // a record of this run is failed or wrong
  int interrupted_by = 0;   // SIGINT/SIGTERM stopped the run (the point in flight was not stored)
};

// The plan's points that `store` does not hold yet (all of them for an empty store), in the plan's order.
std::vector<PointKey> pending_points(const Plan& plan, const Store& store);

// The plan stored with a run: the plan, its size and, when resuming, the run it completes.
nlohmann::json stored_plan(const Plan& plan, size_t points, int64_t resumed_from);

class Runner {
 public:
  Runner(const Registry& registry, Store& store, RunObserver& observer)
      : registry_(registry), store_(store), observer_(observer) {}
  // Begins a run in the store (plan, environment, roofs) and measures `todo` (points of `plan`). A point predicted
  // to exceed its budget is skipped with the prediction; a crashed or hung worker is a failed record; nothing
  // stops the sweep.
  RunResult run(const Plan& plan, const std::vector<PointKey>& todo, const RunSettings& settings);

 private:
  const Registry& registry_;
  Store& store_;
  RunObserver& observer_;
};

}  // namespace mmbench
