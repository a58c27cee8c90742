// The sweep itself: environment and roofs first (stored with the run), then every point through the supervisor,
// each record in the store before the next point starts, so a kill loses at most the point in flight.
#include "mmbench/runner.hpp"

#include <chrono>
#include <map>
#include <random>
#include <set>

#include <fmt/format.h>

#include "mmbench/cpu_set.hpp"
#include "mmbench/cpu_topology.hpp"
#include "mmbench/environment.hpp"
#include "mmbench/error.hpp"
#include "mmbench/interruption.hpp"
#include "mmbench/machine.hpp"
#include "mmbench/record_json.hpp"
#include "mmbench/stopping_rule.hpp"
#include "mmbench/supervisor.hpp"
#include "mmbench/time_predictor.hpp"

namespace mmbench {
namespace {

// A point whose minimal measurement (the first call and min_samples samples) would not fit its time limit is not
// started: its smaller sizes predict its time. The budget alone does not skip: past it a slow point still takes
// its minimum samples (issue 15: the seed preset skipped OpenBLAS at N >= 3712 for 0.5 s calls).
std::optional<Record> skip_if_too_slow(const std::vector<Record>& measured, const PointKey& key,
                                       const MeasureOptions& opt) {
  const auto predicted = predict_call_seconds(measured, key);
  const int calls = 1 + samples_past_budget(opt);
  if (!predicted || *predicted * calls <= time_limit_s(opt)) return std::nullopt;
  const std::string per_call =
      *predicted < 1 ? fmt::format("{:.0f} ms", *predicted * 1e3) : fmt::format("{:.1f} s", *predicted);
  return skipped_record(key, fmt::format("predicted {} per call from smaller sizes; the {} calls of a minimal "
                                         "measurement exceed its time limit of {:g} s (half the --timeout)",
                                         per_call, calls, time_limit_s(opt)));
}

}  // namespace

std::vector<PointKey> keys_of(const std::vector<Scheduled>& s) {
  std::vector<PointKey> keys;
  keys.reserve(s.size());
  for (const auto& p : s) keys.push_back(p.key);
  return keys;
}

std::vector<Scheduled> schedule(const Plan& plan) {
  const std::vector<PointKey> points = expand(plan.sweep);
  std::vector<Scheduled> out;
  if (plan.repeat <= 1) {
    for (const auto& p : points) out.push_back({p, 1});
    return out;
  }
  // Blocks: runs of consecutive points with the same backend and CPU set (what one worker measures).
  std::vector<std::vector<PointKey>> blocks;
  for (const auto& p : points) {
    if (blocks.empty() || blocks.back().front().backend != p.backend || blocks.back().front().cpus != p.cpus)
      blocks.emplace_back();
    blocks.back().push_back(p);
  }
  for (int round = 1; round <= plan.repeat; ++round) {
    // std::shuffle's algorithm is the library's; a seeded Fisher–Yates keeps the order the same everywhere.
    std::mt19937_64 rng(plan.measure.seed * 1000003u + static_cast<uint64_t>(round));
    const auto shuffle = [&rng](auto& v) {
      for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
    };
    auto order = blocks;
    shuffle(order);
    for (auto& b : order) {
      if (round > 1) shuffle(b);
      for (auto& p : b) out.push_back({std::move(p), round});
    }
  }
  return out;
}

std::vector<Scheduled> pending_points(const Plan& plan, const Store& store) {
  std::set<std::pair<std::string, int>> done;
  for (const auto& r : store.records()) done.insert({to_json(r.key).dump(), r.round});
  std::vector<Scheduled> todo;
  for (auto& p : schedule(plan))
    if (!done.count({to_json(p.key).dump(), p.round})) todo.push_back(std::move(p));
  return todo;
}

nlohmann::json stored_plan(const Plan& plan, size_t points, int64_t resumed_from) {
  nlohmann::json j = to_json(plan);
  j["points"] = points;
  if (resumed_from) j["resumed_from_run"] = resumed_from;
  return j;
}

RunResult Runner::run(const Plan& plan, const std::vector<Scheduled>& todo_rounds, const RunSettings& settings) {
  const SweepSpec& spec = plan.sweep;
  Environment env = capture_environment(spec.threads);
  // One instance per backend (a GPU's probe creates a context): a device emulated on the CPU measures the
  // emulator, not a GPU; a device with memory of its own measures that memory for the roofs.
  std::map<std::string, DeviceRoof> device_roofs;
  for (const auto& name : spec.backends) {
    auto be = registry_.make(name, plan.backend);
    if (!be || be->probe()) continue;
    if (const DeviceIdentity& d = be->facts().device; d.kind == DeviceKind::emulated)
      env.warnings.push_back(name + " runs on an emulated device: " + d.text());
    if (plan.probe_roofs)
      if (auto d = be->device_roof()) device_roofs[name] = *d;
  }
  try {  // who measured: the machine's id, label and hardware fingerprint (machine.hpp)
    env.facts["machine"] = machine_identity(env.facts, settings.machine);
  } catch (const Error& e) {  // an unwritable state folder costs the id, not the run
    env.warnings.push_back(std::string("no machine id: ") + e.what());
    env.facts["machine"] = {
        {"label", settings.machine.empty() ? env.facts.value("hostname", std::string()) : settings.machine},
        {"fingerprint", hardware_fingerprint(env.facts)},
        {"hardware", stable_hardware(env.facts)}};
  }
  for (const auto& w : env.warnings) observer_.warning(w);
  if (plan.probe_roofs) {  // the roofs, in the same run as the benchmark (verdicts, peak lines, roofline chart)
    observer_.probing_roofs();
    const CpuTopology topology = read_cpu_topology();
    Roofs roofs = measure_roofs(topology, spec.threads > 0 ? spec.threads : hardware_threads());
    roofs.devices = device_roofs;
    for (const auto& set : spec.cpus) {  // each CPU set's own roofs judge the points pinned to it
      const CpuList cpus = parse_kernel_cpu_list(set).value_or(CpuList{});
      roofs.by_cpus.push_back(
          measure_roofs(topology, spec.threads > 0 ? spec.threads : static_cast<int>(cpus.size()), cpus));
    }
    env.facts["roofs"] = to_json(roofs);
    for (const auto& w : roofs.warnings) env.warnings.push_back(w), observer_.warning(w);
    for (const auto& c : roofs.by_cpus)
      for (const auto& w : c.warnings) env.warnings.push_back("cpus " + c.cpus + ": " + w), observer_.warning(w);
    observer_.roofs_measured(roofs);
  }
  RunResult result;
  result.run_id =
      store_.begin_run(stored_plan(plan, expand(spec).size(), settings.resumed_from), env.facts, env.warnings);

  const std::vector<PointKey> todo = keys_of(todo_rounds);
  observer_.started(todo.size(), settings.resumed_from, store_.path(), estimated_upper_bound_s(todo, plan.measure));
  Supervisor sup(settings.isolate ? settings.worker_exe : std::string(), settings.isolate, &registry_, plan.backend);
  std::vector<Record> measured = store_.records();
  const auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < todo.size(); ++i) {
    if ((result.interrupted_by = interruption_signal())) {
      observer_.interrupted(result.interrupted_by, result.measured);
      return result;
    }
    const PointKey& key = todo[i];
    const Progress progress{std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                            expected_remaining_seconds(measured, std::span(todo).subspan(i), plan.measure),
                            todo_rounds[i].round, plan.repeat};
    observer_.point_started(i + 1, todo.size(), key, progress);
    Record r = skip_if_too_slow(measured, key, plan.measure).value_or(Record{});
    if (r.status != Status::skipped) r = sup.measure(key, plan.measure);
    r.round = todo_rounds[i].round;
    if ((result.interrupted_by = interruption_signal())) {  // the point was cut short: --resume measures it again
      observer_.interrupted(result.interrupted_by, result.measured);
      return result;
    }
    store_.add(result.run_id, r);
    ++result.measured;
    result.any_failed = result.any_failed || r.status == Status::failed || r.status == Status::wrong;
    observer_.point_finished(i + 1, todo.size(), r);
    measured.push_back(std::move(r));
  }
  observer_.finished(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return result;
}

}  // namespace mmbench
