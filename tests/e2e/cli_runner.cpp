// Helpers of the end-to-end tests: run the binary, make scratch folders, read files.
#include "cli_runner.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace mmbench::e2e {

std::string read_file(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

nlohmann::json results(const std::string& out) {
  return nlohmann::json::parse(read_file(out + "/results.json"))["results"];
}

std::string fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("mmbench-e2e-" + std::to_string(getpid())) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

CliResult run_mmbench(const std::string& args, const std::string& env) {
  const std::string dir = fresh_dir("io");
  const std::string out = dir + "/out", err = dir + "/err";
  const std::string cmd = env + " " + MMB_BIN + " " + args + " >" + out + " 2>" + err;
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

std::string fault_env(const std::string& faults) {
  return std::string("MMBENCH_TEST_PLUGIN=") + MMB_FAULT_PLUGIN + " MMBENCH_FAULT=" + faults;
}

}  // namespace mmbench::e2e
