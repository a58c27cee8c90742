// Fuzz target: the command line as a whole — an argument vector (one argument per line of the input) parsed by the
// app's own CLI11 commands, as main() builds them, with their validators. `run` is then executed with --dry-run put
// right after it, so its whole validation (sizes, presets, llm:<model>, backends, dtypes, mode, charts, the plan's
// point and memory limits) runs and prints the plan, and nothing is measured or written. Not executed: a `run` that
// ends up without --dry-run or with --resume (it reads a store), and the other commands, whose actions measure
// (probe), load libraries (list) or read and write files (report, fit, project, onnx, compare, calibrate, history):
// they are parsed only, and their inputs have targets of their own (range, fit_csv, record_json, onnx). The registry
// has every backend name of this build, each made as the reference backend: which names exist and how a selection
// resolves is the CLI's business; probing vendor libraries thousands of times a second is not.
#include <cstdint>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "backends/reference/reference_backend.hpp"
#include "commands.hpp"
#include "mmbench/registry.hpp"

namespace {

const mmbench::Registry& fuzz_registry() {
  static const mmbench::Registry reg = [] {
    const mmbench::Registry real = mmbench::make_registry();
    mmbench::Registry r;
    for (mmbench::BackendEntry e : real.entries()) {
      e.make = mmbench::make_reference_backend;
      if (e.make_named) e.make_named = [](const std::string&) { return mmbench::make_reference_backend(); };
      r.add(std::move(e));
    }
    return r;
  }();
  return reg;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::cout.rdbuf(nullptr);  // the plan and the notes: millions of lines nobody reads
  std::cerr.rdbuf(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> args{"mmbench"};
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (size_t start = 0;;) {
    const size_t nl = text.find('\n', start);
    args.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  if (args.size() > 1 && args[1] == "run") args.insert(args.begin() + 2, "--dry-run");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());

  using namespace mmbench;
  const Registry& registry = fuzz_registry();
  CLI::App app{"mmbench"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "mmbench fuzz");
  // Each returned command owns the variables its options write to: all of them must outlive the parse.
  const auto run = app::add_run_command(app, registry);
  const std::vector<app::Command> others{
      app::add_list_command(app, registry),
      app::add_report_command(app),
      app::add_fit_command(app),
      app::add_probe_command(app, registry),
      app::add_project_command(app),
      app::add_compare_command(app),
      app::add_calibrate_command(app),
      app::add_history_command(app),
#ifdef MMB_WITH_ONNX
      app::add_onnx_command(app),
#endif
  };
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::Error&) {
    return 0;  // main() prints it and exits 2 (or prints help/version)
  }
  const CLI::App* cmd = app.get_subcommand("run");
  if (!app.got_subcommand("run") || cmd->count("--dry-run") == 0 || cmd->count("--resume") > 0) return 0;
  try {
    (void)run();
  } catch (const std::exception&) {
    // main() prints it and exits 2
  }
  return 0;
}
