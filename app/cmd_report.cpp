// `mmbench report DIR`: re-render every output of a run (data files, analysis, charts, report.html) from its store
// and print the table and the analysis.
#include <iostream>
#include <memory>

#include "cli_common.hpp"
#include "commands.hpp"
#include "mmbench/sinks.hpp"
#include "mmbench/store.hpp"

namespace mmbench::app {

Command add_report_command(CLI::App& app) {
  auto where = std::make_shared<std::string>();
  auto charts = std::make_shared<ChartArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Re-render every output of a run (tables, fits, charts, report.html) from its store");
  cmd->add_option("store", *where, "Output folder of a run (or its results.db)")->required();
  add_chart_options(cmd, *charts);
  return [where, charts] {
    const ChartOptions co = chart_options(*charts);
    const std::string folder = store_folder(*where);
    const Store store = Store::open(store_path(folder), false);
    const Report rep = load_report(store);
    for (const auto& run : rep.runs)
      for (const auto& w : run.warnings) std::cerr << "warning (run " << run.id << "): " << w << "\n";
    render_and_print(folder, store.path(), rep, co);
    return 0;
  };
}

}  // namespace mmbench::app
