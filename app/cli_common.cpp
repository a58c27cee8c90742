// Validation of sweep options and helpers shared by the subcommands. Every error is one line that names the bad
// value and what is allowed; main() prints it and exits with 2.
#include "cli_common.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "mmbench/analysis_text.hpp"
#include "mmbench/cpu_topology.hpp"
#include "mmbench/environment.hpp"
#include "mmbench/error.hpp"
#include "mmbench/llm_models.hpp"
#include "mmbench/presets.hpp"
#include "mmbench/range_parser.hpp"

namespace mmbench::app {

SweepSpec build_spec(const SweepOptions& o, const Registry& reg, const BackendOptions& options,
                     std::vector<std::string>& notes) {
  SweepSpec s;
  const bool axes = !o.m.empty() || !o.n.empty() || !o.k.empty();
  if (axes && !o.size.empty()) throw UsageError("give either --size (square) or -M/-N/-K, not both");
  if (axes && (o.m.empty() || o.n.empty() || o.k.empty()))
    throw UsageError("-M, -N and -K go together (missing: " + std::string(o.m.empty() ? "-M " : "") +
                     (o.n.empty() ? "-N " : "") + (o.k.empty() ? "-K" : "") + "); use --size for square sizes");
  if (!o.preset.empty() && (axes || !o.size.empty()))
    throw UsageError("--preset sets the sizes; do not combine it with --size or -M/-N/-K");
  if (o.prompt < 1) throw UsageError(fmt::format("invalid --prompt {}: must be 1 or more tokens", o.prompt));
  const bool llm = o.preset.rfind("llm:", 0) == 0;
  const Preset* preset =
      (axes || !o.size.empty() || llm) ? nullptr : &find_preset(o.preset.empty() ? "quick" : o.preset);
  if (llm) {  // every distinct weight of the model at M = 1 (decode) and M = --prompt (prefill)
    const LlmModel& model = find_llm_model(o.preset.substr(4));
    s.shapes = llm_shapes(model, o.prompt == 1 ? std::vector<int64_t>{1} : std::vector<int64_t>{1, o.prompt});
    std::stable_sort(s.shapes.begin(), s.shapes.end(), [](const auto& a, const auto& b) {
      return a[0] != b[0] ? a[0] < b[0] : a[1] * a[2] < b[1] * b[2];  // by M, then by size: the predictor's order
    });
  } else if (axes) {
    s.m = parse_range(o.m, "-M");
    s.n = parse_range(o.n, "-N");
    s.k = parse_range(o.k, "-K");
  } else {
    s.square = parse_range(preset ? preset->sizes : o.size, "--size");
  }
  const std::string dtypes = !o.dtypes.empty() ? o.dtypes : preset ? preset->dtypes : "f32";
  s.dtypes.clear();
  for (const auto& d : split_list(dtypes, "dtype")) s.dtypes.push_back(parse_dtype(d));
  if (o.threads < 0) throw UsageError(fmt::format("invalid --threads {}: must be 0 (all cores) or more", o.threads));
  if (!o.cpus.empty()) {
    const CpuTopology topology = read_cpu_topology();
    for (const auto& set : parse_cpus_option(o.cpus, topology, allowed_cpus()))
      s.cpus.push_back(format_cpu_list(set.cpus));
  }
  // Pinned without --threads: 0 here, and each set's size per point (expand).
  s.threads = o.threads > 0 ? o.threads : s.cpus.empty() ? hardware_threads() : 0;
  s.mode = parse_mode(o.mode);

  const auto wanted = o.backends.empty() ? std::vector<std::string>{} : split_list(o.backends, "backend");
  // Backends named exactly are kept even when unusable (their records say why); those chosen by default or by a
  // family name ("cblas") are kept only when usable here, with a note for the others. The default also leaves out
  // a device emulated on the CPU (PoCL): it measures the emulator, not a GPU, and only when asked for.
  std::vector<std::string> kept;
  std::vector<std::pair<std::string, std::string>> unused;  // why -> names, one note per reason (rknpu has five)
  for (const auto& name : reg.select(wanted)) {
    const bool named = std::find(wanted.begin(), wanted.end(), name) != wanted.end();
    if (!named) {
      auto be = reg.make(name, options);
      if (auto why = be->probe()) {
        auto same = std::find_if(unused.begin(), unused.end(), [&](const auto& u) { return u.first == why->text; });
        if (same == unused.end())
          unused.emplace_back(why->text, name);
        else
          same->second += ", " + name;
        continue;
      }
      if (const DeviceIdentity& d = be->facts().device; wanted.empty() && d.kind == DeviceKind::emulated) {
        notes.push_back(name + " not used by default: its device is emulated on the CPU (" + d.name +
                        "); name it with --backend to measure it");
        continue;
      }
    }
    kept.push_back(name);
  }
  for (const auto& [why, names] : unused) notes.push_back(names + " not used: " + why);
  s.backends = kept;
  if (s.backends.empty()) throw UsageError("no usable backend among those selected (see `mmbench list`)");
  return s;
}

void check_memory(const std::vector<PointKey>& points) {
  const double mem = physical_memory_bytes();
  if (mem <= 0) return;
  for (const auto& p : points)
    if (p.problem.footprint_bytes() > 0.8 * mem)
      throw UsageError(fmt::format("size {} in {} needs {} for A, B and C; this machine has {} (limit: 80%)",
                                   p.problem.shape(), to_string(p.problem.dtype),
                                   human_bytes(p.problem.footprint_bytes()), human_bytes(mem)));
}

CLI::Validator number_in(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        double v = 0;
        size_t used = 0;
        try {
          v = std::stod(text, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        // stod skips leading blanks; a value is the number alone (' 3' was taken as 3)
        if (used != text.size() || text.empty() || std::isspace(static_cast<unsigned char>(text[0])) ||
            !std::isfinite(v) || v < lo || v > hi)
          return fmt::format("'{}' is not a number from {:g} to {:g}", text, lo, hi);
        return {};
      },
      fmt::format("NUMBER in [{:g}, {:g}]", lo, hi));
}

CLI::Validator whole_number_in(int64_t lo, int64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        int64_t v = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || ptr != text.data() + text.size() || v < lo || v > hi)
          return fmt::format("'{}' is not a whole number from {} to {}", text, lo, hi);
        return {};
      },
      fmt::format("INT in [{}, {}]", lo, hi));
}

CLI::Validator seed_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        uint64_t v = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
          return fmt::format("'{}' is not a seed (a whole number from 0 to 18446744073709551615)", text);
        return {};
      },
      "UINT64");
}

void refuse_empty(const CLI::App* cmd, const std::vector<std::pair<std::string, const std::string*>>& options) {
  for (const auto& [name, value] : options)
    if (cmd->count(name) && value->find_first_not_of(" \t") == std::string::npos)
      throw UsageError(fmt::format("invalid {} '{}': empty", name, *value));
}

std::string store_folder(const std::string& arg) {
  namespace fs = std::filesystem;
  if (arg.find_first_not_of(" \t") == std::string::npos)
    throw UsageError("invalid store folder '" + arg + "': empty (give an output folder or its results.db)");
  if (fs::is_regular_file(arg) && fs::path(arg).extension() != ".db")
    throw UsageError("'" + arg + "' is not a store: give an output folder or its results.db");
  if (fs::is_regular_file(arg)) return fs::path(arg).parent_path().empty() ? "." : fs::path(arg).parent_path().string();
  return arg;
}

void check_output_dir(const std::string& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out))
    throw UsageError("cannot use output directory '" + out + "': " + (ec ? ec.message() : "not a directory"));
  if (access(out.c_str(), W_OK) != 0) throw UsageError("cannot use output directory '" + out + "': not writable");
}

std::string store_path(const std::string& folder) {
  return (std::filesystem::path(folder) / "results.db").string();
}

void add_chart_options(CLI::App* cmd, ChartArgs& a) {
  cmd->add_flag("--no-charts", a.no_charts, "Do not draw charts (report.html then has tables and fits only)");
  cmd->add_option("--bar-sizes", a.bar_sizes,
                  "Sizes shown side by side in the bar chart (range syntax as --size; default: up to 4 spread over "
                  "the sweep)");
  cmd->add_option("--bar-metric", a.bar_metric, "What the bars show: gflops or time (default gflops)")
      ->check(CLI::IsMember({"gflops", "time"}));
  cmd->add_option("--scale", a.scale,
                  "Size axis of the line charts: auto (log2 for geometric sweeps), lin or log (default auto)")
      ->check(CLI::IsMember({"auto", "lin", "log"}));
}

ChartOptions chart_options(const ChartArgs& a) {
  ChartOptions o;
  o.enabled = !a.no_charts;
  if (!a.bar_sizes.empty())
    for (int64_t x : parse_range(a.bar_sizes, "--bar-sizes")) o.bar_sizes.push_back(static_cast<double>(x));
  o.bar_metric = a.bar_metric;
  o.scale = a.scale;
  return o;
}

void render_and_print(const std::string& folder, const std::string& store_file, const Report& rep,
                      const ChartOptions& charts) {
  write_table(std::cout, rep, false);
  const Rendered r = render_outputs(folder, rep, charts);
  std::cout << "\n";
  std::ostringstream text;
  write_analysis_text(text, r.analysis, false);
  std::cout << text.str();
  for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  std::cout << "written: " << store_file;
  for (const auto& f : r.written)
    if (f.size() < 4 || f.compare(f.size() - 4, 4, ".png") != 0) std::cout << ", " << f;  // one name per chart
  std::cout << "\nreport: " << (std::filesystem::path(folder) / "report.html").string() << "\n";
}

std::string self_exe() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw Error("cannot find this program's path (/proc/self/exe): " + ec.message());
  return p.string();
}

std::string human_seconds(double s) {
  if (s < 1) return fmt::format("{:.0f} ms", s * 1e3);
  if (s < 120) return fmt::format("{:.1f} s", s);
  if (s < 7200) return fmt::format("{:.0f} min", s / 60);
  return fmt::format("{:.1f} h", s / 3600);
}

std::string human_bytes(double b) {
  const char* unit[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int i = 0;
  while (b >= 1024 && i < 5) b /= 1024, ++i;
  return fmt::format("{:.1f} {}", b, unit[i]);
}

}  // namespace mmbench::app
