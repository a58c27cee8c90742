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
  int round = 1, rounds = 1;  // the point's round of the plan's --repeat rounds
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
  std::string machine;       // the machine's label (--machine); empty: the hostname
};

struct RunResult {
  int64_t run_id = 0;
  size_t measured = 0;      // records written by this run
  bool any_failed = false;  // a record of this run is failed or wrong
  int interrupted_by = 0;   // SIGINT/SIGTERM stopped the run (the point in flight was not stored)
};

// A point of the plan in one round of the run: with --repeat R every point is measured once per round.
struct Scheduled {
  PointKey key;
  int round = 1;
  bool operator==(const Scheduled&) const = default;
};
std::vector<PointKey> keys_of(const std::vector<Scheduled>& s);

// The order a run measures its plan in. One round: the plan's order (small sizes of a backend first, so the
// time predictor can skip sizes that would not fit). R rounds, one after another, each in its own order from
// the seed: the blocks of points one worker measures (a backend on a CPU set) shuffled, and from round 2 on the
// sizes inside each block too (round 1 keeps them ascending for the predictor). So drift and heat over the run
// spread across every backend, and each round starts every backend in a fresh worker process: a round is an
// independent run of the plan, the unit `mmbench compare` counts.
std::vector<Scheduled> schedule(const Plan& plan);

// The plan's scheduled points that `store` does not hold yet (all of them for an empty store), in schedule order.
std::vector<Scheduled> pending_points(const Plan& plan, const Store& store);

// The plan stored with a run: the plan, its size and, when resuming, the run it completes.
nlohmann::json stored_plan(const Plan& plan, size_t points, int64_t resumed_from);

class Runner {
 public:
  Runner(const Registry& registry, Store& store, RunObserver& observer)
      : registry_(registry), store_(store), observer_(observer) {}
  // Begins a run in the store (plan, environment, roofs) and measures `todo` (points of `plan`). A point predicted
  // to exceed its budget is skipped with the prediction; a crashed or hung worker is a failed record; nothing
  // stops the sweep.
  RunResult run(const Plan& plan, const std::vector<Scheduled>& todo, const RunSettings& settings);

 private:
  const Registry& registry_;
  Store& store_;
  RunObserver& observer_;
};

}  // namespace mmbench
