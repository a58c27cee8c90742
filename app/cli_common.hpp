// What the subcommands share: turning the user's sweep options into a validated plan, and opening output folders.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "mmbench/charts.hpp"
#include "mmbench/llm_models.hpp"
#include "mmbench/registry.hpp"
#include "mmbench/sinks.hpp"
#include "mmbench/sweep.hpp"

namespace mmbench::app {

struct SweepOptions {
  std::string preset, size, m, n, k, backends, dtypes, mode = "hot", cpus;
  int threads = 0;
  int64_t prompt = 128;  // LLM presets: tokens of the prefill shapes
};

// Builds the spec from options (preset `quick` when no size is given) and validates every value.
// `probe_default`: when no backend is named, keep only those usable here (and report the others in `notes`).
SweepSpec build_spec(const SweepOptions& o, const Registry& reg, const BackendOptions& options,
                     std::vector<std::string>& notes);
// Refuses shapes whose A, B and C cannot fit in this machine's memory.
void check_memory(const std::vector<PointKey>& points);

// Resolves an output argument: a folder holding results.db, or the results.db itself. Returns the folder.
std::string store_folder(const std::string& arg);
std::string store_path(const std::string& folder);
// Creates `out` if needed and refuses a folder that cannot be created or written (UsageError naming it and why):
// run, compare and history call it before any work.
void check_output_dir(const std::string& out);

// Chart options shared by `run` and `report`.
struct ChartArgs {
  bool no_charts = false;
  std::string bar_sizes, bar_metric = "gflops", scale = "auto";
};
void add_chart_options(CLI::App* cmd, ChartArgs& a);
ChartOptions chart_options(const ChartArgs& a);  // validates (UsageError)
// Renders every output of `folder` and prints the table, the analysis in short, warnings and the files written.
void render_and_print(const std::string& folder, const std::string& store_file, const Report& rep,
                      const ChartOptions& charts);

// Validators that name what is allowed. CLI11's Range lets NaN through (every comparison with NaN is false) and
// prints its bound as a 309-digit number; these refuse NaN and infinities and print the bounds as written.
CLI::Validator number_in(double lo, double hi);
CLI::Validator whole_number_in(int64_t lo, int64_t hi);
// A seed: decimal digits only, at most 2^64 - 1 (CLI11 would wrap "-1" to 18446744073709551615).
CLI::Validator seed_number();
// An option given with an empty value (--size '') is bad input, not "use the default".
void refuse_empty(const CLI::App* cmd, const std::vector<std::pair<std::string, const std::string*>>& options);

// This program's path (/proc/self/exe), to start workers.
std::string self_exe();

std::string human_seconds(double s);
std::string human_bytes(double b);

}  // namespace mmbench::app
