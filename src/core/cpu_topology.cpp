// Reading the CPU topology from sysfs and /proc/cpuinfo (Documentation/ABI/stable/sysfs-devices-system-cpu). CPUs
// are grouped into clusters by kind of core, not by the kernel's cluster_cpus_list: on x86 that list is one core,
// and an RK3588's device tree splits its four A76 cores into two pairs that are one kind to a user.
#include "mmbench/cpu_topology.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "text_file.hpp"

namespace mmbench {
namespace {

int to_int(const std::string& s, int fallback) {
  try {
    size_t used = 0;
    const int v = std::stoi(s, &used, 0);  // base 0: "0xd0b" and "25" alike
    return used ? v : fallback;
  } catch (const std::exception&) {
    return fallback;
  }
}

// /proc/cpuinfo: one block per processor ("processor : N" then "key : value" lines).
std::map<int, CpuId> read_cpuinfo(const std::string& path) {
  std::map<int, CpuId> out;
  std::ifstream f(path);
  int current = -1;
  for (std::string line; std::getline(f, line);) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon), value = line.substr(colon + 1);
    key.erase(key.find_last_not_of(" \t") + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    if (key == "processor") {
      current = to_int(value, -1);
      if (current >= 0) out[current];
      continue;
    }
    if (current < 0) continue;
    CpuId& id = out[current];
    if (key == "vendor_id")
      id.vendor = value;
    else if (key == "cpu family")
      id.family = to_int(value, -1);
    else if (key == "model")
      id.model = to_int(value, -1);
    else if (key == "model name")
      id.model_name = value;
    else if (key == "CPU implementer")
      id.implementer = to_int(value, -1);
    else if (key == "CPU part")
      id.part = to_int(value, -1);
  }
  return out;
}

std::string core_type_of(const LogicalCpu& c, const std::optional<CoreKind>& kind) {
  std::string base;
  if (kind)
    base = kind->name;
  else if (!c.cpuid.model_name.empty())
    base = c.cpuid.model_name;
  else if (c.cpuid.part >= 0)
    base = fmt::format("Arm implementer {:#x} part {:#x}", c.cpuid.implementer, c.cpuid.part);
  else if (c.cpuid.family >= 0)
    base = fmt::format("x86 family {} model {}", c.cpuid.family, c.cpuid.model);
  else
    base = "unknown core";
  return c.hybrid.empty() ? base : base + " " + c.hybrid;
}

}  // namespace

CpuList CpuTopology::all_cpus() const {
  CpuList out;
  for (const auto& c : cpus) out.push_back(c.id);
  return out;
}

std::optional<CpuList> CpuTopology::named_set(std::string_view name) const {
  if (name == "all") return all_cpus();
  for (const auto& c : clusters)
    if (c.name == name && c.name != "all") return c.cpus;
  return std::nullopt;
}

std::string CpuTopology::describe_clusters() const {
  std::string out;
  for (const auto& c : clusters)
    out += fmt::format("{}{} {} ({}, {} cores{})", out.empty() ? "" : ", ", c.name, format_cpu_list(c.cpus),
                       c.core_type, c.physical_cores, c.max_ghz > 0 ? fmt::format(", {:.2f} GHz", c.max_ghz) : "");
  return out;
}

const LogicalCpu* CpuTopology::cpu(int id) const {
  for (const auto& c : cpus)
    if (c.id == id) return &c;
  return nullptr;
}

int CpuTopology::physical_cores(const CpuList& list) const {
  std::set<std::string> cores;
  for (int id : list)
    if (const auto* c = cpu(id)) cores.insert(c->core.empty() ? std::to_string(id) : c->core);
  return static_cast<int>(cores.size());
}

CpuTopology read_cpu_topology(const std::string& root_in) {
  std::string root = root_in;
  if (root.empty()) {
    const char* env = std::getenv("MMBENCH_CPU_ROOT");
    root = env && *env ? env : "/";
  }
  if (root.back() != '/') root += '/';
  const std::string sys = root + "sys/devices/system/cpu/";
  CpuTopology t;

  CpuList online;
  if (auto l = parse_kernel_cpu_list(first_line_of(sys + "online"))) online = *l;
  const auto cpuinfo = read_cpuinfo(root + "proc/cpuinfo");
  if (online.empty()) {  // no sysfs: what cpuinfo lists, else what the C++ runtime counts
    for (const auto& [id, info] : cpuinfo) online.push_back(id);
    if (online.empty())
      for (unsigned i = 0; i < std::max(1u, std::thread::hardware_concurrency()); ++i)
        online.push_back(static_cast<int>(i));
  }
  // Intel hybrid parts name their P- and E-cores in the PMU devices' cpu lists.
  const auto p_cores = parse_kernel_cpu_list(first_line_of(root + "sys/devices/cpu_core/cpus"));
  const auto e_cores = parse_kernel_cpu_list(first_line_of(root + "sys/devices/cpu_atom/cpus"));

  std::set<int> packages;
  for (int id : online) {
    LogicalCpu c;
    c.id = id;
    const std::string base = sys + fmt::format("cpu{}/", id);
    c.package = to_int(first_line_of(base + "topology/physical_package_id"), 0);
    packages.insert(c.package);
    c.core = first_line_of(base + "topology/thread_siblings_list");
    if (auto it = cpuinfo.find(id); it != cpuinfo.end())
      c.cpuid = it->second;
    else if (!cpuinfo.empty())
      c.cpuid = cpuinfo.begin()->second;                                            // some Arm kernels print one block
    c.max_ghz = to_int(first_line_of(base + "cpufreq/cpuinfo_max_freq"), 0) / 1e6;  // kHz; "/" keeps 1.8 exact
    c.capacity = to_int(first_line_of(base + "cpu_capacity"), 0);
    auto in = [&](const std::optional<CpuList>& l) { return l && std::count(l->begin(), l->end(), id); };
    c.hybrid = in(p_cores) ? "P-core" : in(e_cores) ? "E-core" : "";
    t.cpus.push_back(std::move(c));
  }
  t.packages = std::max<int>(1, static_cast<int>(packages.size()));

  std::map<std::string, CpuCluster> by_type;
  for (const auto& c : t.cpus) {
    auto kind = identify_core(c.cpuid);
    const std::string type = core_type_of(c, kind);
    CpuCluster& cl = by_type[type];
    cl.core_type = type, cl.kind = kind;
    cl.cpus.push_back(c.id);
    cl.max_ghz = std::max(cl.max_ghz, c.max_ghz);
  }
  // Slowest kind first: by the kernel's capacity where it has one, then per-core flops per cycle, then the clock.
  auto speed = [&](const CpuCluster& cl) {
    const LogicalCpu* c = t.cpu(cl.cpus.front());
    const int flops = cl.kind ? std::max({cl.kind->flops_128, cl.kind->flops_256, cl.kind->flops_512}) : 0;
    return std::make_tuple(c ? c->capacity : 0, flops, cl.max_ghz);
  };
  for (auto& [type, cl] : by_type) t.clusters.push_back(std::move(cl));
  std::stable_sort(t.clusters.begin(), t.clusters.end(),
                   [&](const CpuCluster& a, const CpuCluster& b) { return speed(a) < speed(b); });
  for (size_t i = 0; i < t.clusters.size(); ++i) {
    auto& cl = t.clusters[i];
    cl.physical_cores = t.physical_cores(cl.cpus);
    if (t.clusters.size() == 1)
      cl.name = "all";
    else if (i == 0)
      cl.name = "little";
    else if (i + 1 == t.clusters.size())
      cl.name = "big";
    else
      cl.name = t.clusters.size() == 3 ? "mid" : fmt::format("mid{}", i);
  }
  return t;
}

nlohmann::json to_json(const CpuTopology& t) {
  nlohmann::json clusters = nlohmann::json::array();
  for (const auto& c : t.clusters)
    clusters.push_back({{"name", c.name},
                        {"cpus", format_cpu_list(c.cpus)},
                        {"core_type", c.core_type},
                        {"physical_cores", c.physical_cores},
                        {"max_ghz", c.max_ghz > 0 ? nlohmann::json(c.max_ghz) : nlohmann::json(nullptr)}});
  return {{"online", format_cpu_list(t.all_cpus())},
          {"packages", t.packages},
          {"physical_cores", t.physical_cores(t.all_cpus())},
          {"smt", t.physical_cores(t.all_cpus()) < static_cast<int>(t.cpus.size())},
          {"clusters", clusters}};
}

}  // namespace mmbench
