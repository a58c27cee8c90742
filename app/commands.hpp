// The subcommands of mmbench. Each registers its options on a CLI11 app and returns its exit code when run.
#pragma once
#include <functional>

#include <CLI/CLI.hpp>

#include "mmbench/registry.hpp"

namespace mmbench::app {

using Command = std::function<int()>;
Command add_run_command(CLI::App& app, const Registry& reg);
Command add_list_command(CLI::App& app, const Registry& reg);
Command add_report_command(CLI::App& app);
Command add_fit_command(CLI::App& app);
Command add_probe_command(CLI::App& app, const Registry& reg);
Command add_project_command(CLI::App& app);
Command add_compare_command(CLI::App& app);
Command add_calibrate_command(CLI::App& app);
Command add_history_command(CLI::App& app);
Command add_push_command(CLI::App& app);
Command add_pull_command(CLI::App& app);
Command add_machines_command(CLI::App& app);
Command add_onnx_command(CLI::App& app);  // when built with libonnx

}  // namespace mmbench::app
