// `mmbench history DIR...`: every point's value run after run over the stores of one or more output folders (a
// nightly `mmbench run -o DIR` keeps each earlier store as results-<time>.db beside results.db), and the runs where
// a point's level changed (history.hpp). With --out: history.json and a chart per point that changed.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "commands.hpp"
#include "mmbench/error.hpp"
#include "mmbench/history.hpp"
#include "mmbench/history_output.hpp"
#include "mmbench/output_file.hpp"
#include "mmbench/range_parser.hpp"
#include "mmbench/record_json.hpp"
#include "mmbench/store.hpp"
#include "mmbench/text_format.hpp"
#include "store_args.hpp"

namespace mmbench::app {
namespace {

namespace fs = std::filesystem;

struct HistoryArgs {
  std::vector<std::string> where, backends;
  std::string sizes, out, machine;
  double min_step = 0.02;
};

// The store files of the arguments: a folder's results.db and results-*.db, or a .db file itself.
std::vector<std::string> store_files(const std::vector<std::string>& where) {
  std::vector<std::string> files;
  for (const auto& w : where) {
    if (fs::is_regular_file(w)) {
      if (fs::path(w).extension() != ".db") throw UsageError("'" + w + "' is not a store: give a folder or a .db file");
      files.push_back(w);
      continue;
    }
    if (!fs::is_directory(w)) throw UsageError("no folder or store '" + w + "'");
    std::vector<std::string> mine;
    for (const auto& e : fs::directory_iterator(w)) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && e.path().extension() == ".db" && name.rfind("results", 0) == 0)
        mine.push_back(e.path().string());
    }
    if (mine.empty()) throw UsageError("'" + w + "' holds no results.db or results-*.db");
    std::sort(mine.begin(), mine.end());
    files.insert(files.end(), mine.begin(), mine.end());
  }
  return files;
}

int history(const HistoryArgs& a) {
  if (!a.out.empty()) check_output_dir(a.out);  // bad input before any work
  const std::vector<int64_t> sizes = a.sizes.empty() ? std::vector<int64_t>{} : parse_range(a.sizes);
  const std::set<std::string> backends(a.backends.begin(), a.backends.end());
  std::vector<HistorySource> sources;
  std::vector<std::pair<std::string, fs::file_time_type>> order;  // started_at, then the file's last write
  // Folders: one source per store file (a nightly job's results-<time>.db). A store URL with --machine: one source
  // per run of that machine (a fleet's history of one board).
  std::vector<std::pair<std::string, std::vector<HistorySource>>> inputs;
  for (const auto& w : a.where) {
    if (!is_store_url(w)) continue;
    if (a.machine.empty()) throw UsageError("history of a store URL needs --machine (see `mmbench machines`)");
    const Store store = open_store_to_read(w);
    std::vector<HistorySource> runs;
    for (const auto& run : runs_of_machines(store, {a.machine}))
      runs.push_back({run.uuid, run.started_at, store.records(run.id)});
    inputs.emplace_back(store.path(), std::move(runs));
  }
  std::vector<std::string> folders;
  for (const auto& w : a.where)
    if (!is_store_url(w)) folders.push_back(w);
  for (const auto& file : folders.empty() ? std::vector<std::string>{} : store_files(folders)) {
    const Store store = Store::open(file, false);
    const auto runs = store.runs();
    if (runs.empty()) continue;
    inputs.push_back({file, {{file, runs.front().started_at, store.records()}}});
  }
  for (auto& [file, from] : inputs)
    for (auto& s : from) {
      std::erase_if(s.records, [&](const Record& r) {
        const auto& p = r.key.problem;
        const bool size_ok = sizes.empty() || std::any_of(sizes.begin(), sizes.end(),
                                                          [&](int64_t n) { return p.m == n || p.n == n || p.k == n; });
        return !size_ok || (!backends.empty() && !backends.count(r.key.backend));
      });
      std::error_code ec;  // a store URL has no file: its runs are ordered by their start alone
      const auto written = fs::last_write_time(file, ec);
      order.emplace_back(s.started_at, ec ? fs::file_time_type{} : written);
      sources.push_back(std::move(s));
    }
  // Runs started within one second (archived as results-<time>-2.db) keep their true order by the last write.
  std::vector<size_t> idx(sources.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](size_t x, size_t y) { return order[x] < order[y]; });
  std::vector<HistorySource> sorted;
  for (size_t i : idx) sorted.push_back(std::move(sources[i]));
  sources = std::move(sorted);
  if (sources.size() < 2)
    throw UsageError(
        fmt::format("a history needs two or more stores; found {} (each `mmbench run -o DIR` keeps the "
                    "earlier one as DIR/results-<time>.db)",
                    sources.size()));
  const auto hist = build_history(sources, a.min_step);
  if (hist.empty()) throw UsageError("no verified point matches --backend/--size in these stores");
  std::cout << fmt::format(
      "{} runs, {} to {}; change points: penalised piecewise-constant fit, steps under {:g}% "
      "merged\n\n",
      sources.size(), sources.front().started_at, sources.back().started_at, a.min_step * 100);
  size_t w = 5, changed = 0;
  for (const auto& h : hist) w = std::max(w, h.key.label().size());
  std::cout << fmt::format("{:<{}}  {:>4}  {:>10}  {:>10}  {}\n", "point", w, "runs", "first", "last", "changes");
  for (const auto& h : hist) {
    std::string changes;
    for (const auto& c : h.changes) {
      const auto& src = sources[h.values[c.at].source];
      changes += fmt::format("{}run {} ({}): {} -> {} ({:+.1f}%)", changes.empty() ? "" : "; ",
                             h.values[c.at].source + 1, src.started_at.substr(0, 10), human_seconds_precise(c.before_s),
                             human_seconds_precise(c.after_s), (c.ratio() - 1) * 100);
    }
    changed += h.changes.empty() ? 0 : 1;
    std::cout << fmt::format("{:<{}}  {:>4}  {:>10}  {:>10}  {}\n", h.key.label(), w, h.values.size(),
                             human_seconds_precise(h.values.front().value_s),
                             human_seconds_precise(h.values.back().value_s), changes.empty() ? "-" : changes);
  }
  std::cout << fmt::format("\n{} of {} points changed level\n", changed, hist.size());
  if (!a.out.empty()) {
    nlohmann::json j = {{"schema", "mmbench-history"},
                        {"schema_version", 1},
                        {"runs", nlohmann::json::array()},
                        {"points", nlohmann::json::array()}};
    for (const auto& s : sources) j["runs"].push_back({{"store", s.name}, {"started_at", s.started_at}});
    for (const auto& h : hist) {
      nlohmann::json p = to_json(h.key);
      for (const auto& v : h.values)
        p["values"].push_back({{"run", v.source + 1},
                               {"value_s", v.value_s},
                               {"low_s", v.low_s},
                               {"high_s", v.high_s},
                               {"rounds", v.rounds}});
      p["changes"] = nlohmann::json::array();
      for (const auto& c : h.changes)
        p["changes"].push_back({{"run", h.values[c.at].source + 1},
                                {"before_s", c.before_s},
                                {"after_s", c.after_s},
                                {"ratio", c.ratio()}});
      j["points"].push_back(std::move(p));
    }
    const std::string path = (fs::path(a.out) / "history.json").string();
    write_output_file(path, [&](std::ostream& os) { os << j.dump(2) << "\n"; });
    // Charts for the points that changed, or for every point of a small selection.
    std::vector<const PointHistory*> drawn;
    for (const auto& h : hist)
      if (!h.changes.empty() || hist.size() <= 12) drawn.push_back(&h);
    const ChartResult charts = write_history_charts(a.out, drawn, sources);
    for (const auto& wmsg : charts.warnings) std::cerr << "warning: " << wmsg << "\n";
    std::cerr << fmt::format("written: {} and {} chart(s) in {}/charts\n", path, charts.charts.size(), a.out);
  }
  return 0;
}

}  // namespace

Command add_history_command(CLI::App& app) {
  auto a = std::make_shared<HistoryArgs>();
  CLI::App* cmd = app.add_subcommand(
      "history",
      "Every point's time run after run over the stores of output folders (results.db and the results-<time>.db "
      "each later run kept), and the runs where its level changed");
  cmd->add_option("stores", a->where,
                  "Output folders (or .db files) holding the runs, or a store URL (sqlite:PATH, postgresql://...) "
                  "with --machine")
      ->required();
  cmd->add_option("--machine", a->machine, "In a store URL, the runs of this machine (its label)");
  cmd->add_option("--backend,-b", a->backends, "Only these backends (exact names, comma-separated)")->delimiter(',');
  cmd->add_option("--size,-s", a->sizes, "Only points with this size as M, N or K (range syntax as run's --size)");
  cmd->add_option("--min-step", a->min_step, "Smallest change of level reported, as a fraction (default 0.02)")
      ->check(number_in(0.0, 1.0));
  cmd->add_option("--out,-o", a->out, "Write history.json and a chart per changed point (charts/history-*.svg)");
  return [a] { return history(*a); };
}

}  // namespace mmbench::app
