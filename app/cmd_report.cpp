// `mmbench report DIR`: re-render results.json, results.csv and results.md from a store and print the table.
#include <iostream>
#include <memory>

#include "cli_common.hpp"
#include "commands.hpp"
#include "mmbench/sinks.hpp"
#include "mmbench/store.hpp"

namespace mmbench::app {

Command add_report_command(CLI::App& app) {
  auto where = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("report", "Re-render every output of a run from its store");
  cmd->add_option("store", *where, "Output folder of a run (or its results.db)")->required();
  return [where] {
    const std::string folder = store_folder(*where);
    const Store store = Store::open(store_path(folder), false);
    const Report rep = load_report(store);
    for (const auto& run : rep.runs)
      for (const auto& w : run.warnings) std::cerr << "warning (run " << run.id << "): " << w << "\n";
    write_table(std::cout, rep, false);
    const auto files = render_outputs(folder, rep);
    std::cout << "\nwritten:";
    for (const auto& f : files) std::cout << " " << f;
    std::cout << "\n";
    return 0;
  };
}

}  // namespace mmbench::app
