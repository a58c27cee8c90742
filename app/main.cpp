// mmbench: how fast does this machine multiply matrices — on its CPU libraries, its GPU and its NPU — and why.
// main() wires the subcommands, and is the one place that turns errors into messages and exit codes:
// 0 all points ok, 1 some failed or were wrong (compare: a confirmed regression), 2 bad usage or input.
#include <cstring>
#include <iostream>

#include <CLI/CLI.hpp>

#include "build_info.hpp"
#include "commands.hpp"
#include "mmbench/error.hpp"
#include "mmbench/store_url.hpp"
#include "mmbench/supervisor.hpp"

int main(int argc, char** argv) {
  using namespace mmbench;
  Registry registry = make_registry();
  add_test_plugins(registry);
  if (argc >= 2 && std::strcmp(argv[1], "__worker") == 0) return worker_main(registry);

  CLI::App app{
      "mmbench — how fast does this machine multiply matrices, and why.\n"
      "Measures every backend on the same sweep, verifies every result, stores each point as it finishes."};
  app.require_subcommand(1);
  app.set_version_flag("--version",
                       std::string("mmbench " MMB_APP_VERSION "\ncommit: ") + mmb_build_commit() + "\n" MMB_BUILD_TEXT);
  const auto run = app::add_run_command(app, registry);
  const auto list = app::add_list_command(app, registry);
  const auto report = app::add_report_command(app);
  const auto fit = app::add_fit_command(app);
  const auto probe = app::add_probe_command(app, registry);
  const auto project = app::add_project_command(app);
  const auto compare = app::add_compare_command(app);
  const auto calibrate = app::add_calibrate_command(app);
  const auto history = app::add_history_command(app);
  const auto push = app::add_push_command(app);
  const auto pull = app::add_pull_command(app);
  const auto machines = app::add_machines_command(app);
#ifdef MMB_WITH_ONNX
  const auto onnx = app::add_onnx_command(app);
#endif
  // CLI11 says only "A subcommand is required" for a mistyped command; name it and the known ones instead.
  std::string known;
  bool is_known = false;
  for (const auto* sub : app.get_subcommands({})) {
    if (!known.empty()) known += ", ";
    known += sub->get_name();
    is_known = is_known || (argc >= 2 && sub->get_name() == argv[1]);
  }
  if (argc >= 2 && argv[1][0] != '-' && !is_known) {
    std::cerr << "mmbench: error: unknown command '" << argv[1] << "' (known: " << known << ")\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "mmbench: error: " << redact_passwords(e.what()) << " (see mmbench --help)\n";
    return 2;
  }
  try {
    if (app.got_subcommand("run")) return run();
    if (app.got_subcommand("list")) return list();
    if (app.got_subcommand("report")) return report();
    if (app.got_subcommand("fit")) return fit();
    if (app.got_subcommand("probe")) return probe();
    if (app.got_subcommand("project")) return project();
    if (app.got_subcommand("compare")) return compare();
    if (app.got_subcommand("calibrate")) return calibrate();
    if (app.got_subcommand("history")) return history();
    if (app.got_subcommand("push")) return push();
    if (app.got_subcommand("pull")) return pull();
    if (app.got_subcommand("machines")) return machines();
#ifdef MMB_WITH_ONNX
    if (app.got_subcommand("onnx")) return onnx();
#endif
  } catch (const UsageError& e) {  // a store URL's password never reaches the terminal (store_url.hpp)
    std::cerr << "mmbench: error: " << redact_passwords(e.what()) << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "mmbench: error: " << redact_passwords(e.what()) << "\n";
    return 2;
  }
  return 2;
}
