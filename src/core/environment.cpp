// Capture of the machine's state for a run (methodology.md, "Environment"), from /proc and /sys so it works on
// x86 and on an RK3588 alike. Missing files are recorded as unknown, never an error.
#include "mmbench/environment.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "mmbench/cpu_topology.hpp"
#include "text_file.hpp"

namespace mmbench {
namespace {

// Value of the first "key : value" line in /proc/cpuinfo-style files.
std::string field_of(const std::string& path, const std::string& key) {
  std::ifstream f(path);
  for (std::string line; std::getline(f, line);) {
    if (line.rfind(key, 0) != 0) continue;
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    auto v = line.substr(colon + 1);
    v.erase(0, v.find_first_not_of(" \t"));
    return v;
  }
  return {};
}

std::string os_name() {
  std::ifstream f("/etc/os-release");
  for (std::string line; std::getline(f, line);)
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      auto v = line.substr(12);
      if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
  return "unknown";
}

std::string cpu_model() {
  if (auto m = field_of("/proc/cpuinfo", "model name"); !m.empty()) return m;
  if (auto m = first_line_of("/proc/device-tree/model"); !m.empty()) return m.c_str();  // drops trailing NUL
  if (auto p = field_of("/proc/cpuinfo", "CPU part"); !p.empty()) return "ARM CPU part " + p;
  return "unknown";
}

}  // namespace

int hardware_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n ? static_cast<int>(n) : 1;
}

double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0.0;
}

std::string utc_now_iso() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Environment capture_environment(int threads) {
  Environment env;
  auto& f = env.facts;
  const int cores = hardware_threads();
  f["cpu_model"] = cpu_model();
  const CpuTopology topology = read_cpu_topology();
  f["cpu_topology"] = to_json(topology);  // clusters, SMT, packages: part of the machine's identity
  f["logical_cpus"] = cores;
  f["threads_requested"] = threads > 0 ? threads : cores;
  f["memory_bytes"] = physical_memory_bytes();
  f["os"] = os_name();
  utsname u{};
  if (uname(&u) == 0) {
    f["kernel"] = std::string(u.sysname) + " " + u.release;
    f["arch"] = u.machine;
    f["hostname"] = u.nodename;
  }
  // A board names itself in its device tree (RK3588 boards: "Radxa ROCK 5B", "Orange Pi 5"); NUL-terminated.
  if (std::string model = first_line_of("/proc/device-tree/model"); !model.empty())
    f["board_model"] = model.substr(0, model.find('\0'));
  f["compiler"] = std::string(
#if defined(__clang__)
      "clang "
#elif defined(__GNUC__)
      "gcc "
#endif
      __VERSION__);
  f["build_type"] = MMB_BUILD_TYPE;
  f["mmbench_version"] = MMB_VERSION;
  f["started_at"] = utc_now_iso();

  std::set<std::string> governors;
  for (int c = 0; c < cores; ++c) {
    const std::string base = fmt::format("/sys/devices/system/cpu/cpu{}/cpufreq/", c);
    if (auto g = first_line_of(base + "scaling_governor"); !g.empty()) governors.insert(g);
  }
  std::string gov;
  for (const auto& g : governors) gov += (gov.empty() ? "" : ",") + g;
  f["governor"] = gov.empty() ? "unknown" : gov;
  double max_ghz = 0;
  for (const auto& c : topology.cpus) max_ghz = std::max(max_ghz, c.max_ghz);
  if (max_ghz > 0)
    f["cpu_max_mhz"] = max_ghz * 1000;
  else if (auto mhz = field_of("/proc/cpuinfo", "cpu MHz"); !mhz.empty())
    f["cpu_mhz"] = std::stod(mhz);

  double load1 = 0;
  std::istringstream(first_line_of("/proc/loadavg")) >> load1;
  f["load_average_1min"] = load1;
  const bool vm = field_of("/proc/cpuinfo", "flags").find(" hypervisor") != std::string::npos;
  f["virtual_machine"] = vm;

  auto& w = env.warnings;
  if (std::string(MMB_BUILD_TYPE) != "Release" && std::string(MMB_BUILD_TYPE) != "RelWithDebInfo")
    w.push_back(
        fmt::format("this is a {} build of mmbench: its own code (reference, verification) is slow; "
                    "library timings are unaffected",
                    MMB_BUILD_TYPE));
  if (gov.empty())
    w.push_back("CPU frequency governor not visible: clocks may change during the run");
  else if (gov != "performance")
    w.push_back("CPU governor is '" + gov + "', not 'performance': clocks may ramp during measurements");
  if (load1 > 0.5 * cores)
    w.push_back(fmt::format("machine busy: load average {:.2f} on {} logical CPUs", load1, cores));
  if (vm) w.push_back("running in a virtual machine: neighbours share the cores, expect more noise");
  return env;
}

}  // namespace mmbench
