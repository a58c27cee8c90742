// `mmbench report DIR`: re-render every output of a run (data files, analysis, charts, report.html) from its store
// and print the table and the analysis. With a shared store (--store URL) and --machines a,b: one report across
// machines, each record's series named "<machine> · <backend>".
#include <iostream>
#include <memory>

#include "cli_common.hpp"
#include "commands.hpp"
#include "mmbench/error.hpp"
#include "mmbench/range_parser.hpp"
#include "mmbench/sinks.hpp"
#include "mmbench/store.hpp"
#include "store_args.hpp"

namespace mmbench::app {

namespace {
struct ReportArgs {
  std::string where, store, out, machines;
  ChartArgs charts;
};
}  // namespace

Command add_report_command(CLI::App& app) {
  auto a = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Re-render every output of a run (tables, fits, charts, report.html) from its store");
  CLI::Option* positional = cmd->add_option("store", a->where, "Output folder of a run (or its results.db)");
  cmd->add_option("--store", a->store,
                  "Read this store instead: a folder, sqlite:PATH or postgresql://user@host:port/db (default: "
                  "$MMBENCH_STORE when no folder is given); the outputs go to --out");
  cmd->add_option("--machines", a->machines,
                  "Only these machines' runs (labels, comma-separated; see `mmbench machines`); with several, "
                  "each series is named '<machine> · <backend>'");
  cmd->add_option("--out,-o", a->out, "Where the outputs go (default: the run's folder; required with a store URL)");
  add_chart_options(cmd, a->charts);
  return [a, positional] {
    if (positional->count() && a->where.empty()) store_folder(a->where);  // an empty name given: say so
    const ChartOptions co = chart_options(a->charts);
    if (!a->where.empty() && !a->store.empty()) throw UsageError("report: give a folder or --store, not both");
    const std::string where = store_or_environment(a->where.empty() ? a->store : a->where, "report", true);
    const bool url = is_store_url(where);
    std::string folder = a->out;
    if (folder.empty()) {
      if (url) throw UsageError("report: a store URL needs --out DIR for the outputs");
      folder = store_folder(where);
    }
    const Store store = open_store_to_read(where);  // before any folder is made: a bad store changes nothing
    if (!a->out.empty()) check_output_dir(folder);
    std::vector<std::string> machines;
    if (!a->machines.empty()) machines = split_list(a->machines, "--machines");
    const Report rep =
        machines.empty() && !url ? load_report(store) : machines_report(store, runs_of_machines(store, machines));
    for (const auto& run : rep.runs)
      for (const auto& w : run.warnings) std::cerr << "warning (run " << run.id << "): " << w << "\n";
    render_and_print(folder, store.path(), rep, co);
    return 0;
  };
}

}  // namespace mmbench::app
