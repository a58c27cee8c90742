// `mmbench run`: plan a sweep, measure each point in a supervised worker, commit each record to the store as it
// finishes, then render every output from the store. `--resume DIR` measures only the points the store lacks.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "commands.hpp"
#include "mmbench/environment.hpp"
#include "mmbench/error.hpp"
#include "mmbench/interruption.hpp"
#include "mmbench/llm_models.hpp"
#include "mmbench/presets.hpp"
#include "mmbench/record_json.hpp"
#include "mmbench/roofs.hpp"
#include "mmbench/runner.hpp"
#include "mmbench/sinks.hpp"
#include "mmbench/store.hpp"
#include "mmbench/store_lock.hpp"
#include "mmbench/store_url.hpp"
#include "mmbench/time_predictor.hpp"
#include "run_console.hpp"
#include "store_args.hpp"

namespace mmbench::app {
namespace {

struct RunArgs {
  SweepOptions sweep;
  MeasureOptions measure;
  std::string out = "mmbench-results", resume, machine, store;
  bool dry_run = false, no_isolate = false, quiet = false, no_probe = false;
  int repeat = 1;
  std::string cl_platform, cl_device, rknn_lib, rknn_models;
  ChartArgs charts;
};

// Opens a fresh store in `out` (already checked by check_output_dir), keeping an earlier one under a dated name so
// no result is ever overwritten.
Store open_new_store(const std::string& out, std::ostream& log) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string db = store_path(out);
  if (fs::exists(db)) {
    std::string stamp = utc_now_iso();
    std::erase(stamp, ':');
    // Runs within one second share a stamp: never overwrite an earlier archive, number the later ones.
    auto kept = fs::path(out) / ("results-" + stamp + ".db");
    for (int i = 2; fs::exists(kept); ++i) kept = fs::path(out) / fmt::format("results-{}-{}.db", stamp, i);
    fs::rename(db, kept, ec);
    if (ec) throw UsageError("cannot move the earlier store " + db + " aside: " + ec.message());
    log << "earlier results kept as " << kept.string() << "\n";
  }
  return Store::open(db, true);
}

// The plan, and per backend how long it will take if every point spends its --budget (fast points stop earlier,
// slow ones take 7 calls) and, when the output folder holds earlier measurements of it, the expected time
// predicted from them (time_predictor.hpp).
void print_dry_run(const Plan& plan, size_t points, const std::vector<Scheduled>& scheduled,
                   const std::vector<Record>& history, const std::string& history_path) {
  const SweepSpec& spec = plan.sweep;
  const std::vector<PointKey> todo = keys_of(scheduled);
  const size_t sets = std::max<size_t>(1, spec.cpus.size());
  std::string pinning;
  for (const auto& c : spec.cpus) pinning += (pinning.empty() ? ", pinned to cpus " : " | ") + c;
  std::cout << fmt::format("plan: {} points ({} backends x {} dtypes x {} shapes{}{}), threads {}, mode {}{}\n",
                           todo.size(), spec.backends.size(), spec.dtypes.size(),
                           points / std::max<size_t>(1, spec.backends.size() * spec.dtypes.size() * sets),
                           spec.cpus.empty() ? "" : fmt::format(" x {} CPU sets", sets),
                           plan.repeat > 1 ? fmt::format(" x {} rounds", plan.repeat) : "",
                           spec.threads > 0 ? std::to_string(spec.threads) : "= each set's size", to_string(spec.mode),
                           pinning);
  for (const auto& p : scheduled)
    std::cout << "  " << p.key.label() << (plan.repeat > 1 ? fmt::format(" (round {})", p.round) : "") << "\n";
  double expected_total = 0;
  bool all_expected = true;
  for (const auto& b : spec.backends) {
    std::vector<PointKey> mine;
    for (const auto& p : todo)
      if (p.backend == b) mine.push_back(p);
    if (mine.empty()) continue;
    const bool known = std::any_of(history.begin(), history.end(),
                                   [&](const Record& r) { return r.key.backend == b && r.status != Status::skipped; });
    const auto expected = known ? expected_remaining_seconds(history, mine, plan.measure) : std::nullopt;
    all_expected = all_expected && expected.has_value();
    if (expected) expected_total += *expected;
    std::cout << fmt::format(
        "  {}: {} point{}, {} at the budget{}\n", b, mine.size(), mine.size() == 1 ? "" : "s",
        human_seconds(estimated_upper_bound_s(mine, plan.measure)),
        expected ? fmt::format(", expected {} (from earlier runs in {})", human_seconds(*expected), history_path)
                 : std::string());
  }
  std::cout << fmt::format(
      "estimated time: about {} if every point keeps to --budget {} s (most stop earlier; a point whose calls are "
      "slower takes 7 of them, within half the --timeout){}\n",
      human_seconds(estimated_upper_bound_s(todo, plan.measure)), plan.measure.budget_s,
      all_expected && !todo.empty() ? fmt::format("; expected {} from earlier runs", human_seconds(expected_total))
                                    : std::string());
}

// The backend options given on the command line, checked (bad input: exit 2 before anything is measured). Paths
// become absolute: the plan must mean the same file when a run is resumed from another folder.
BackendOptions checked_backend_options(const RunArgs& a, const Registry& reg) {
  namespace fs = std::filesystem;
  BackendOptions o;
  o.cl_platform = a.cl_platform, o.cl_device = a.cl_device;
  if (!a.rknn_lib.empty()) {
    if (!fs::is_regular_file(a.rknn_lib)) throw UsageError("--rknn-lib '" + a.rknn_lib + "': no such file");
    // Only the workers load the runtime; the file's first bytes already tell a library from a wrong path.
    char magic[4] = {};
    std::ifstream(a.rknn_lib, std::ios::binary).read(magic, sizeof magic);
    if (std::string_view(magic, 4) != "\177ELF")
      throw UsageError("--rknn-lib '" + a.rknn_lib + "': not a shared library (expected Rockchip's librknnrt.so)");
    o.rknn_lib = fs::absolute(a.rknn_lib).string();
  }
  if (!a.rknn_models.empty()) {
    if (!fs::is_directory(a.rknn_models)) throw UsageError("--rknn-models '" + a.rknn_models + "': no such folder");
    o.rknn_models = fs::absolute(a.rknn_models).string();
  }
  if (!o.cl_platform.empty() || !o.cl_device.empty()) {
    bool any = false;
    for (const auto& e : reg.entries())  // a choice that names no device is bad input, not n unsupported points
      if (e.name.rfind("opencl:", 0) == 0) {
        any = true;
        if (const auto why = reg.make(e.name, o)->probe(); why && why->code == ProbeCode::no_matching_device)
          throw UsageError(why->text + " (see `mmbench list`)");
      }
    if (!any)
      throw UsageError(fmt::format("--cl-platform '{}' --cl-device '{}': this build has no OpenCL backend",
                                   o.cl_platform, o.cl_device));
  }
  return o;
}

// A CBLAS library by path (cblas:<label>=<path>): the file checked and its path made absolute, so that bad input is
// exit 2 before anything is measured and a resumed run means the same file from any folder.
void check_libraries_by_path(std::vector<std::string>& backends) {
  namespace fs = std::filesystem;
  for (auto& b : backends) {
    const auto eq = b.find('=');
    if (b.rfind("cblas:", 0) != 0 || eq == std::string::npos) continue;
    const std::string label = b.substr(6, eq - 6), path = b.substr(eq + 1);
    if (label.empty() || label.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
                             std::string::npos)
      throw UsageError("--backend '" + b + "': the label before '=' takes letters, digits, '.', '_' and '-'");
    if (!fs::is_regular_file(path)) throw UsageError("--backend '" + b + "': no such file '" + path + "'");
    char magic[4] = {};
    std::ifstream(path, std::ios::binary).read(magic, sizeof magic);
    if (std::string_view(magic, 4) != "\177ELF")
      throw UsageError("--backend '" + b + "': '" + path + "' is not a shared library");
    b = "cblas:" + label + "=" + fs::absolute(path).lexically_normal().string();
  }
}

// A resumed run measures with the stored plan's backend options; naming different ones would mix two libraries
// or devices in one run.
void refuse_other_backend_options(const BackendOptions& given, const BackendOptions& stored) {
  const auto check = [](const char* flag, const std::string& g, const std::string& s) {
    if (!g.empty() && g != s)
      throw UsageError(fmt::format("--resume measures with the stored run's {} '{}'; do not pass '{}'", flag, s, g));
  };
  check("--rknn-lib", given.rknn_lib, stored.rknn_lib);
  check("--rknn-models", given.rknn_models, stored.rknn_models);
  check("--cl-platform", given.cl_platform, stored.cl_platform);
  check("--cl-device", given.cl_device, stored.cl_device);
}

// The plan of a fresh run (from the options) or of the run being resumed (from the store, options and all).
Plan make_plan(RunArgs& a, const Registry& reg, std::optional<Store>& store, int64_t& resumed_from,
               std::vector<std::string>& notes) {
  const BackendOptions given = checked_backend_options(a, reg);
  if (a.resume.empty()) {
    const BackendOptions options = with_environment_defaults(given);
    SweepSpec spec = build_spec(a.sweep, reg, options, notes);
    check_libraries_by_path(spec.backends);
    return {std::move(spec), a.measure, options, !a.no_probe, a.repeat};
  }
  a.out = store_folder(a.resume);
  if (!store) store.emplace(Store::open(store_path(a.out), false));  // execute() opens it first unless --dry-run
  const auto last = store->last_run();
  if (!last || !last->plan.contains("spec")) throw UsageError("store " + store->path() + " holds no run to resume");
  resumed_from = last->id;
  Plan plan = plan_from_json(last->plan);
  refuse_other_backend_options(given, plan.backend);
  plan.probe_roofs = plan.probe_roofs && !a.no_probe;  // the stored run's --no-probe holds; a new one may add it
  return plan;
}

// The shared store is written beside the run's own: the run never waits on it or stops for it. A board that cannot
// reach it measures into its folder only and says how to copy the run later.
void connect_shared_store(Store& local, const StoreUrl& url, std::ostream& log) {
  try {
    local.mirror_to(Store::open(url, true), [&log](const std::string& w) { log << "warning: " << w << "\n"; });
    log << "writing to " << local.path() << " and " << url.redacted() << "\n";
  } catch (const std::exception& e) {
    log << "warning: " << redact_passwords(e.what()) << "; measuring into " << local.path()
        << " only (copy it later with `mmbench push " << std::filesystem::path(local.path()).parent_path().string()
        << " --store URL`)\n";
  }
}

// Every run of the folder's store copied again (idempotent): what a kill -9 left out of the shared store, or an
// earlier run that could not reach it, is there once this run ends.
void catch_up_shared_store(const Store& local, const StoreUrl& url, std::ostream& log) {
  try {
    Store to = Store::open(url, true);
    size_t written = 0;
    for (const auto& run : local.runs()) written += local.copy_run(run, to);
    if (written)
      log << fmt::format("copied {} record{} missing from {}\n", written, written == 1 ? "" : "s", url.redacted());
  } catch (const std::exception& e) {
    log << "warning: " << redact_passwords(e.what()) << " (copy the run later with `mmbench push`)\n";
  }
}

int execute(RunArgs& a, const Registry& reg) {
  const ChartOptions charts = chart_options(a.charts);  // validated before anything is measured
  auto& log = std::cerr;
  std::optional<Store> store;
  int64_t resumed_from = 0;
  std::vector<std::string> notes;
  std::optional<StoreLock> lock;  // one writer per folder, from before the store is read until the run ends
  if (!a.resume.empty() && !a.dry_run && std::filesystem::is_directory(store_folder(a.resume))) {
    // Opened (so a folder without a usable store is refused) before the lock file is made in it; its runs are
    // read by make_plan only once the lock is held.
    const std::string folder = store_folder(a.resume);
    store.emplace(Store::open(store_path(folder), false));
    lock.emplace(StoreLock::acquire(folder));
  }
  // Parsed before anything is measured: a store URL of an unknown kind is bad input (exit 2).
  std::optional<StoreUrl> shared;
  if (const std::string where = a.store.empty() ? environment_store() : a.store; !where.empty() && !a.dry_run) {
    shared = parse_store_url(where);
    if (shared->engine == StoreUrl::Engine::sqlite &&
        std::filesystem::absolute(shared->path) ==
            std::filesystem::absolute(store_path(a.resume.empty() ? a.out : store_folder(a.resume))))
      shared.reset();  // the run's own store: nothing to copy
  }
  const Plan plan = make_plan(a, reg, store, resumed_from, notes);
  for (const auto& b : plan.sweep.backends)
    if (!reg.find(b)) throw UsageError("unknown backend '" + b + "' (known: " + reg.known_names() + ")");
  const auto points = schedule(plan);
  check_memory(keys_of(points));  // validation before any note, so bad input gets exactly one line
  if (!a.dry_run) {
    check_output_dir(a.out);
    if (!lock) lock.emplace(StoreLock::acquire(a.out));
  }
  if (!a.quiet)
    for (const auto& n : notes) log << "note: " << n << "\n";
  std::vector<Scheduled> todo = points;
  if (store) todo = pending_points(plan, *store);
  if (a.dry_run) {
    // Earlier runs in the output folder predict this one (read only; a folder without a store predicts nothing).
    std::vector<Record> history;
    const std::string db = store_path(a.out);
    if (store) {
      history = store->records();
    } else if (std::filesystem::is_regular_file(db)) {
      try {
        history = Store::open(db, false).records();
      } catch (const std::exception&) {  // an unreadable store only means no prediction
      }
    }
    print_dry_run(plan, points.size() / static_cast<size_t>(plan.repeat), todo, history, db);
    return 0;
  }
  if (!store) store.emplace(open_new_store(a.out, log));
  // A shared store (--store or MMBENCH_STORE) receives every run and record as well, under the same uuids.
  if (shared) connect_shared_store(*store, *shared, log);
  const auto console = make_console_observer(log, a.quiet, isatty(STDERR_FILENO) == 1);
  Runner runner(reg, *store, *console);
  install_interruption_handlers();
  if (resumed_from && todo.empty()) {  // nothing missing: no new run row, just the outputs again
    log << fmt::format("nothing to measure: every point of run {} is in {}\n", resumed_from, store->path());
  } else {
    // A resumed run keeps the label of the run it completes unless a new one is given.
    std::string machine = a.machine;
    if (machine.empty() && resumed_from)
      if (const auto last = store->last_run(); last && last->environment.contains("machine"))
        machine = last->environment["machine"].value("label", std::string());
    const RunResult result = runner.run(plan, todo, {!a.no_isolate, self_exe(), resumed_from, machine});
    if (result.interrupted_by) {
      log << fmt::format("continue with: mmbench run --resume {}\n", a.out);
      return 128 + result.interrupted_by;
    }
  }

  if (shared) catch_up_shared_store(*store, *shared, log);
  const Report rep = load_report(*store);
  render_and_print(a.out, store->path(), rep, charts);
  for (const auto& r : rep.records)
    if (r.status == Status::failed || r.status == Status::wrong) return 1;
  return 0;
}

}  // namespace

Command add_run_command(CLI::App& app, const Registry& reg) {
  auto a = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Measure a sweep of matrix multiplications and write the results");
  std::string preset_help = "Named sweep (default quick):";
  for (const auto& p : presets()) preset_help += "\n  " + p.name + ": " + p.description;
  preset_help +=
      "\n  llm:<model>: every weight matrix of a layer and the head at M = 1 (decode) and M = --prompt "
      "(prefill); use --mode cold for decode. Models: " +
      llm_model_names();
  cmd->add_option("--preset,-p", a->sweep.preset, preset_help);
  cmd->add_option("--prompt", a->sweep.prompt, "Prompt tokens of the llm:<model> presets' prefill shapes (default 128)")
      ->check(whole_number_in(1, 1 << 20));
  cmd->add_option("--size,-s", a->sweep.size,
                  "Square sizes M=N=K: 128:4096:128 (range), 64:4096:*2 or 2^6:2^12 (powers of two), 1,8,128 (list)");
  cmd->add_option("-M", a->sweep.m, "Rows of A and C (range syntax as --size); with -N and -K: their product");
  cmd->add_option("-N", a->sweep.n, "Columns of B and C");
  cmd->add_option("-K", a->sweep.k, "Columns of A, rows of B");
  cmd->add_option("--backend,-b", a->sweep.backends,
                  "Backends, comma-separated; a family name (cblas) selects its members usable here; "
                  "cblas:<label>=/path/to/libblas.so measures any CBLAS library by path (a build of your own). "
                  "Default: every usable one except reference and devices emulated on the CPU (PoCL). "
                  "See `mmbench list`");
  cmd->add_option("--dtype,-d", a->sweep.dtypes, "Data types, comma-separated: " + dtype_names() + " (default f32)");
  cmd->add_option("--mode", a->sweep.mode,
                  "hot: the same A and B every call (default); cold: rotate through copies of A and B larger than "
                  "the last-level cache, so every call reads them from DRAM (as LLM decoding does; host "
                  "backends, and cuda:cublas with device copies against its L2); e2e: every call also copies A "
                  "and B to the device and C back")
      ->check(CLI::IsMember({"hot", "e2e", "cold"}));
  cmd->add_option("--threads,-t", a->sweep.threads,
                  "Threads per library (default 0 = all logical CPUs, or the size of the --cpus set)")
      ->check(whole_number_in(0, 4096));
  cmd->add_option("--cpus", a->sweep.cpus,
                  "Pin each worker to a set of CPUs before its library loads: big, little, all (clusters by kind of "
                  "core, see `mmbench list`), 4-7, or CPUs joined by '+' (0+2). Commas make a sweep axis: "
                  "big,little,all. Default: not pinned");
  cmd->add_option("--noise", a->measure.noise,
                  "Stop when the median's 95% interval is within ±this fraction (default 0.01)")
      ->check(number_in(1e-4, 0.5));
  cmd->add_option(
         "--budget", a->measure.budget_s,
         "Seconds of warm-up and sampling per point; then stop and mark noisy (default 3). A point whose calls are "
         "slower still takes 6 samples, within half the --timeout")
      ->check(number_in(0.01, 86400.0));
  cmd->add_option("--timeout", a->measure.timeout_s,
                  "Seconds after which a point's worker is killed and the point marked failed (default 120)")
      ->check(number_in(0.1, 86400.0));
  cmd->add_option("--repeat", a->repeat,
                  "Measure the whole plan this many times, interleaved: round after round, each in its own order "
                  "from the seed and every backend in a fresh worker; `mmbench compare` counts rounds as runs "
                  "(default 1)")
      ->check(whole_number_in(1, 1000));
  cmd->add_option("--seed", a->measure.seed, "Seed of the random matrices (default 42)")->check(seed_number());
  cmd->add_option("--out,-o", a->out,
                  "Output folder: results.db, results.{json,csv,md}, analysis.{json,txt}, charts/, report.html")
      ->capture_default_str();
  cmd->add_option("--store", a->store,
                  "Also write every record into this shared store as it is measured: postgresql://user@host:port/db "
                  "or sqlite:PATH (default: $MMBENCH_STORE). The folder keeps its own results.db; an unreachable "
                  "store is a warning, and `mmbench push` copies the run later");
  cmd->add_option("--resume", a->resume, "Continue the last run stored in this folder: measure only missing points");
  cmd->add_option("--machine", a->machine,
                  "This machine's label in the results (default: the hostname); its id (kept under "
                  "$XDG_STATE_HOME/mmbench/machine-id) and hardware fingerprint are recorded beside it")
      ->check([](const std::string& s) {
        if (s.empty() || s.size() > 64) return std::string("a label of 1 to 64 characters");
        for (unsigned char c : s)
          if (c < 0x20 || c == 0x7f) return std::string("a label without control characters");
        return std::string();
      });
  cmd->add_flag("--dry-run", a->dry_run, "Print the plan and its estimated time; measure nothing");
  cmd->add_flag("--no-isolate", a->no_isolate, "Measure in this process instead of a supervised worker (debugging)");
  cmd->add_flag("--quiet,-q", a->quiet, "No progress lines");
  add_chart_options(cmd, a->charts);
  cmd->add_flag(
      "--no-probe", a->no_probe,
      "Do not measure the machine's roofs (FMA peak, bandwidth; ~2 s) before the sweep: no roofline verdicts");
  cmd->add_option("--rknn-lib", a->rknn_lib,
                  "Path of Rockchip's librknnrt.so for rknpu:* (default: the loader's search for librknnrt.so; also "
                  "MMBENCH_RKNN_LIB)");
  cmd->add_option("--rknn-models", a->rknn_models,
                  "Folder of .rknn files for rknpu:model, one per shape (matmul_M{M}_N{N}_K{K}.rknn, made with "
                  "rknn-toolkit2 from `mmbench onnx` files, which stay beside them to verify B; also "
                  "MMBENCH_RKNN_MODELS)");
  cmd->add_option("--cl-platform", a->cl_platform,
                  "OpenCL platform for opencl:* backends: index or name substring (default 0; see `mmbench list`)");
  cmd->add_option("--cl-device", a->cl_device,
                  "OpenCL device within that platform: index or name substring (default 0)");
  cmd->callback([] {});
  return [a, &reg, cmd] {
    refuse_empty(cmd, {{"--size", &a->sweep.size},
                       {"-M", &a->sweep.m},
                       {"-N", &a->sweep.n},
                       {"-K", &a->sweep.k},
                       {"--backend", &a->sweep.backends},
                       {"--dtype", &a->sweep.dtypes},
                       {"--cpus", &a->sweep.cpus},
                       {"--preset", &a->sweep.preset},
                       {"--out", &a->out},
                       {"--resume", &a->resume},
                       {"--rknn-lib", &a->rknn_lib},
                       {"--rknn-models", &a->rknn_models},
                       {"--cl-platform", &a->cl_platform},
                       {"--cl-device", &a->cl_device}});
    if (cmd->count("--prompt") && a->sweep.preset.rfind("llm:", 0) != 0)
      throw UsageError("--prompt " + std::to_string(a->sweep.prompt) +
                       ": it sets the prefill shapes of the llm:<model> presets, and this plan has none");
    if (!a->resume.empty() &&
        (cmd->count("--size") || cmd->count("-M") || cmd->count("--preset") || cmd->count("--backend") ||
         cmd->count("--dtype") || cmd->count("--mode") || cmd->count("--cpus") || cmd->count("--repeat")))
      throw UsageError("--resume takes the plan from the store; do not combine it with sweep options");
    return execute(*a, reg);
  };
}

}  // namespace mmbench::app
