// `mmbench compare A B`: is B faster, slower or the same as A, point by point, with intervals that count runs
// (rounds of --repeat), not samples; and `mmbench calibrate DIR`: the machine's run-to-run noise from a repeated
// run, which sets δ for later comparisons. Exit codes of compare: 0 no confirmed regression, 1 a confirmed
// regression or a status change to wrong/failed, 2 bad input, 3 (with --fail-on-inconclusive) something undecided.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "commands.hpp"
#include "mmbench/compare_output.hpp"
#include "mmbench/comparison.hpp"
#include "mmbench/environment.hpp"
#include "mmbench/error.hpp"
#include "mmbench/machine.hpp"
#include "mmbench/output_file.hpp"
#include "mmbench/store.hpp"
#include "mmbench/store_url.hpp"
#include "store_args.hpp"

namespace mmbench::app {
namespace {

namespace fs = std::filesystem;

// One side of a comparison: the records of the runs a store selector names, and the last run's environment and
// plan (what the header compares).
struct Side {
  std::string label;
  std::vector<Record> records;
  nlohmann::json environment, plan;
};

int rounds_of(const std::vector<Record>& records) {
  int r = 0;
  for (const auto& rec : records) r = std::max(r, rec.round);
  return r;
}

// "DIR" (every run in its store: a run and the runs that resumed it), "DIR#N" (run N), "DIR#latest"; DIR may also
// be a .db file (an archived results-<date>.db) or a store URL. In any store, "#machine=LABEL" takes that machine's
// runs and "#run=UUID" one run by its uuid (the same in every store it was copied to).
Side load_side(const std::string& spec) {
  const auto hash = spec.rfind('#');
  const std::string where = hash == std::string::npos ? spec : spec.substr(0, hash);
  const std::string which = hash == std::string::npos ? std::string() : spec.substr(hash + 1);
  const Store store = open_store_to_read(where);
  const std::string db = store.path();
  const auto runs = store.runs();
  if (runs.empty()) throw UsageError("store " + db + " holds no run");
  Side s;
  const RunInfo* chosen = &runs.back();
  if (which.empty()) {
    if (is_postgresql_url(where))
      throw UsageError(fmt::format("'{}': a shared store holds many machines: add #machine=LABEL or #run=UUID",
                                   redact_passwords(spec)));
    s.records = store.records();
  } else if (which.rfind("machine=", 0) == 0) {
    const auto mine = runs_of_machines(store, {which.substr(8)});
    for (const auto& r : mine)
      for (auto& rec : store.records(r.id)) s.records.push_back(std::move(rec));
    chosen = &*std::find_if(runs.begin(), runs.end(), [&](const RunInfo& r) { return r.id == mine.back().id; });
  } else if (which.rfind("run=", 0) == 0) {
    const std::string uuid = which.substr(4);
    const auto it = std::find_if(runs.begin(), runs.end(), [&](const RunInfo& r) { return r.uuid == uuid; });
    if (it == runs.end()) throw UsageError(fmt::format("'{}': {} has no run {}", redact_passwords(spec), db, uuid));
    chosen = &*it;
    s.records = store.records(chosen->id);
  } else {
    if (which != "latest") {
      int64_t id = 0;
      try {
        size_t used = 0;
        id = std::stoll(which, &used);
        if (used != which.size()) throw std::invalid_argument(which);
      } catch (const std::exception&) {
        throw UsageError(fmt::format("'{}': after '#' give a run number, 'latest', machine=LABEL or run=UUID",
                                     redact_passwords(spec)));
      }
      const auto it = std::find_if(runs.begin(), runs.end(), [&](const RunInfo& r) { return r.id == id; });
      if (it == runs.end())
        throw UsageError(
            fmt::format("'{}': {} has no run {} (its runs: {} to {})", spec, db, id, runs.front().id, runs.back().id));
      chosen = &*it;
    }
    s.records = store.records(chosen->id);
  }
  if (s.records.empty()) throw UsageError("'" + redact_passwords(spec) + "' holds no measured point");
  s.environment = chosen->environment;
  s.plan = chosen->plan;
  const int rounds = rounds_of(s.records);
  s.label = fmt::format("{} ({} record{}, {} round{}, started {})", redact_passwords(spec), s.records.size(),
                        s.records.size() == 1 ? "" : "s", rounds, rounds == 1 ? "" : "s", chosen->started_at);
  return s;
}

std::string default_calibration_path() {
  return (fs::path(state_dir()) / "calibration.json").string();
}

// A calibration file holds one entry per machine: {"calibrations": [...]}.
nlohmann::json read_calibrations(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {{"calibrations", nlohmann::json::array()}};
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("calibrations") || !j["calibrations"].is_array())
    throw UsageError("'" + path + "' is not an mmbench calibration file");
  return j;
}

std::optional<NoiseCalibration> find_calibration(const std::string& path, const std::string& machine) {
  const nlohmann::json all = read_calibrations(path);  // named: a temporary's member would dangle in the loop
  for (const auto& c : all["calibrations"])
    if (c.value("machine", std::string()) == machine) try {
        return noise_calibration_from_json(c);
      } catch (const Error& e) {
        throw UsageError("'" + path + "': " + e.what());
      }
  return std::nullopt;
}

struct CompareArgs {
  std::string a, b, out, calibration;
  double delta = 0.02;
  bool fail_on_inconclusive = false, no_charts = false;
  std::vector<std::string> ignore, pair;
};

int compare(const CompareArgs& args) {
  if (!args.out.empty()) check_output_dir(args.out);  // bad input before any work
  Side a = load_side(args.a), b = load_side(args.b);
  CompareContext ctx{a.label, b.label, {}, {}, {}};
  // --pair OLD,NEW: A's points of backend OLD against B's of NEW (two libraries of one run, or across stores).
  if (!args.pair.empty()) {
    const std::string old_name = args.pair[0], new_name = args.pair[1];
    const auto keep = [](std::vector<Record>& records, const std::string& name, const std::string& as) {
      std::erase_if(records, [&](const Record& r) { return r.key.backend != name; });
      for (auto& r : records) r.key.backend = as;
      return !records.empty();
    };
    if (!keep(a.records, old_name, old_name)) throw UsageError("--pair: A has no point of backend '" + old_name + "'");
    if (!keep(b.records, new_name, old_name)) throw UsageError("--pair: B has no point of backend '" + new_name + "'");
    ctx.notes.push_back(fmt::format("--pair: B's {} against A's {} (points named by A's backend)", new_name, old_name));
  }
  ctx.differences = environment_differences(a.environment, b.environment, a.records, b.records, a.plan, b.plan);
  // Ignored key fields are erased on both sides before matching: --threads 1 against --threads 2 is a comparison
  // of the same points.
  for (const auto& field : args.ignore) {
    std::set<std::string> va, vb;
    const auto erase = [&](std::vector<Record>& records, std::set<std::string>& seen) {
      for (auto& r : records)
        if (field == "threads")
          seen.insert(std::to_string(r.key.threads)), r.key.threads = 0;
        else if (field == "cpus")
          seen.insert(r.key.cpus), r.key.cpus.clear();
        else if (field == "mode")
          seen.insert(std::string(to_string(r.key.mode))), r.key.mode = Mode::hot;
    };
    erase(a.records, va), erase(b.records, vb);
    const auto join = [](const std::set<std::string>& s) {
      std::string t;
      for (const auto& x : s) t += (t.empty() ? "" : ",") + (x.empty() ? std::string("-") : x);
      return t;
    };
    ctx.notes.push_back(fmt::format("points matched ignoring {} (A: {}; B: {})", field, join(va), join(vb)));
  }
  const std::string cal_path = args.calibration.empty() ? default_calibration_path() : args.calibration;
  if (!args.calibration.empty() && !fs::is_regular_file(cal_path))
    throw UsageError("--calibration '" + cal_path + "': no such file");
  const std::string machine = machine_key(a.environment);
  std::optional<NoiseCalibration> cal;
  if (machine == machine_key(b.environment)) cal = find_calibration(cal_path, machine);
  CompareOptions opt;
  opt.delta_floor = args.delta;
  opt.calibration = cal ? &*cal : nullptr;
  ctx.delta_text =
      cal ? fmt::format(
                "delta: the larger of {:g}% (--delta) and the run-to-run noise calibrated on this machine "
                "({}, {} rounds of {}, {})",
                args.delta * 100, cal_path, cal->runs, cal->source, cal->created_at)
          : fmt::format("delta: {:g}% (--delta); no calibration for {} in {} (see `mmbench calibrate`)",
                        args.delta * 100, machine == machine_key(b.environment) ? machine : "two machines", cal_path);
  const RunComparison c = compare_records(a.records, b.records, opt);
  if (c.between_run_noise_unknown)
    ctx.notes.push_back(
        "points with one run per side and no calibration: their intervals hold only the noise within each run; "
        "the noise between runs is unknown (measure with --repeat 3 or more, or run `mmbench calibrate`)");
  if (c.points.empty())
    throw UsageError(fmt::format("'{}' and '{}' have no point in common ({} and {} points)", args.a, args.b,
                                 c.only_a.size(), c.only_b.size()));
  write_compare_text(std::cout, c, ctx, isatty(STDOUT_FILENO) == 1);
  if (!args.out.empty()) {
    const auto path = [&](const char* name) { return (fs::path(args.out) / name).string(); };
    write_output_file(path("compare.md"), [&](std::ostream& os) { write_compare_markdown(os, c, ctx); });
    write_output_file(path("compare.csv"), [&](std::ostream& os) { write_compare_csv(os, c); });
    write_output_file(path("compare.json"), [&](std::ostream& os) { os << compare_json(c, ctx).dump(2) << "\n"; });
    ChartResult charts;
    charts.disabled = args.no_charts;
    if (!args.no_charts) charts = write_compare_charts(args.out, c);
    for (const auto& w : charts.warnings) std::cerr << "warning: " << w << "\n";
    write_output_file(path("compare.html"), [&](std::ostream& os) { write_compare_html(os, c, ctx, charts); });
    std::cerr << fmt::format(
        "written: {}, {}, {}, {}{}\n", path("compare.md"), path("compare.csv"), path("compare.json"),
        path("compare.html"),
        charts.charts.empty() ? "" : fmt::format(" and {} chart(s) in charts/", charts.charts.size()));
  }
  if (c.regressions) return 1;
  if (args.fail_on_inconclusive && c.inconclusive) return 3;
  return 0;
}

int calibrate(const std::string& where, const std::string& file, double delta) {
  const Side s = load_side(where);
  NoiseCalibration cal = calibrate_noise(s.records);
  cal.machine = machine_key(s.environment);
  cal.created_at = utc_now_iso();
  cal.source = fs::absolute(where).string();
  const std::string path = file.empty() ? default_calibration_path() : file;
  nlohmann::json all = read_calibrations(path);
  auto& list = all["calibrations"];
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const nlohmann::json& c) { return c.value("machine", std::string()) == cal.machine; }),
             list.end());
  list.push_back(to_json(cal));
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  write_output_file(path, [&](std::ostream& os) { os << all.dump(2) << "\n"; });
  std::cout << fmt::format("run-to-run noise of {} ({} rounds per point at least), log-scale sd of a run's median:\n",
                           cal.machine, cal.runs);
  for (const auto& [key, sd] : cal.sd) std::cout << fmt::format("  {:<40} {:.2f}%\n", key, sd * 100);
  // The A/A check: odd rounds against even rounds of the same code; any confirmed change is a false alarm.
  std::vector<Record> odd, even;
  for (const auto& r : s.records) (r.round % 2 ? odd : even).push_back(r);
  if (!odd.empty() && !even.empty()) {
    CompareOptions opt;
    opt.delta_floor = delta;
    const RunComparison c = compare_records(odd, even, opt);
    size_t same = 0, changed = 0, open = 0;
    for (const auto& p : c.points)
      if (p.effect) (p.verdict == Verdict::same ? same : p.verdict == Verdict::inconclusive ? open : changed)++;
    std::cout << fmt::format(
        "A/A check (odd rounds against even rounds, delta {:g}%): {} same, {} inconclusive, {} confirmed "
        "faster/slower (false alarms)\n",
        delta * 100, same, open, changed);
  }
  std::cout << "written: " << path << "\n";
  return 0;
}

}  // namespace

Command add_compare_command(CLI::App& app) {
  auto a = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Compare two runs point by point: B/A time with a 95% interval over runs (rounds of --repeat) and a verdict "
      "(faster, slower, same within delta, inconclusive), corrected over the sweep. Exit 1 on a confirmed "
      "regression or a point that became wrong or failed");
  cmd->add_option("A", a->a, "Before: an output folder (every run in its store), DIR#N (run N) or DIR#latest")
      ->required();
  cmd->add_option("B", a->b, "After, as A")->required();
  cmd->add_option("--delta", a->delta,
                  "Smallest change that counts, as a fraction (default 0.02); a calibrated noise above it wins")
      ->check(number_in(0.0, 0.5));
  cmd->add_option("--calibration", a->calibration,
                  "Calibration file from `mmbench calibrate` (default $XDG_STATE_HOME/mmbench/calibration.json, "
                  "used when it has an entry for A's and B's machine)");
  cmd->add_option("--out,-o", a->out,
                  "Also write compare.md, compare.csv, compare.json, compare.html and the ratio charts "
                  "(charts/compare-*.svg) into this folder");
  cmd->add_flag("--no-charts", a->no_charts, "With --out: draw no charts (compare.html keeps its tables)");
  cmd->add_flag("--fail-on-inconclusive", a->fail_on_inconclusive,
                "Exit 3 when nothing regressed but some point stayed inconclusive");
  cmd->add_option("--pair", a->pair,
                  "OLD,NEW: compare A's points of backend OLD with B's of backend NEW, e.g. a CBLAS build of your own "
                  "against the distribution's measured in one run: compare DIR DIR --pair cblas:openblas,cblas:dev=...")
      ->expected(2)
      ->delimiter(',');
  cmd->add_option("--ignore", a->ignore, "Match points ignoring these fields: threads, cpus, mode (comma-separated)")
      ->delimiter(',')
      ->check(CLI::IsMember({"threads", "cpus", "mode"}));
  return [a] { return compare(*a); };
}

Command add_calibrate_command(CLI::App& app) {
  auto where = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  auto delta = std::make_shared<double>(0.02);
  CLI::App* cmd = app.add_subcommand(
      "calibrate",
      "Measure this machine's run-to-run noise from a run made with --repeat 3 or more (mmbench run --repeat 5 -o "
      "DIR), store it for `mmbench compare` (which then uses it for delta) and check A/A: odd against even rounds");
  cmd->add_option("store", *where, "Output folder of a repeated run (or DIR#N)")->required();
  cmd->add_option("--calibration", *file,
                  "File to write (default $XDG_STATE_HOME/mmbench/calibration.json; one entry per machine)");
  cmd->add_option("--delta", *delta, "delta of the A/A check (default 0.02)")->check(number_in(0.0, 0.5));
  return [where, file, delta] { return calibrate(*where, *file, *delta); };
}

}  // namespace mmbench::app
