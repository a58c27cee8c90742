// Runs the built mmbench binary as a user would (through the shell) and captures exit code, stdout and stderr.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace mmbench::e2e {

struct CliResult {
  int rc = -1;
  std::string out, err;
};

// `args` is a shell fragment; `env` is prepended ("VAR=value ...").
CliResult run_mmbench(const std::string& args, const std::string& env = "");
std::string fresh_dir(const std::string& name);  // an empty temporary folder
std::string read_file(const std::string& path);
// The records of a run folder: OUT/results.json's "results".
nlohmann::json results(const std::string& out);
std::string fault_env(const std::string& faults);  // plugin + MMBENCH_FAULT

}  // namespace mmbench::e2e
