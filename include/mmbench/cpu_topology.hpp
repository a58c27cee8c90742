// The machine's CPUs as Linux describes them: which logical CPUs exist, which share a core (SMT), what kind of core
// each is and its maximum clock, grouped into clusters of one kind (an RK3588: 4 Cortex-A55 "little" and 4
// Cortex-A76 "big"). Read from sysfs and /proc/cpuinfo under a root that tests move (MMBENCH_CPU_ROOT).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmbench/cpu_set.hpp"
#include "mmbench/cpu_uarch.hpp"

namespace mmbench {

struct LogicalCpu {
  int id = 0;
  int package = 0;
  std::string core;    // its SMT siblings ("0,8"): logical CPUs with the same value share one core's FMA units
  CpuId cpuid;         // from its /proc/cpuinfo block
  double max_ghz = 0;  // cpufreq/cpuinfo_max_freq; 0 when absent (most VMs: the MHz in cpuinfo is not trusted)
  int capacity = 0;    // cpu_capacity (relative speed on Arm, 1024 = the fastest); 0 when absent
  std::string hybrid;  // "P-core" / "E-core" on Intel hybrid parts (sysfs cpu_core / cpu_atom), else empty
};

struct CpuCluster {
  std::string name;       // "little", "big" ("mid" between them), or "all" when the machine has one kind
  std::string core_type;  // "Arm Cortex-A76", or what is known of an unknown core ("Arm part 0xd99")
  std::optional<CoreKind> kind;
  CpuList cpus;
  int physical_cores = 0;
  double max_ghz = 0;  // the highest of its CPUs; 0 unknown
};

struct CpuTopology {
  std::vector<LogicalCpu> cpus;      // online CPUs, ascending id
  std::vector<CpuCluster> clusters;  // slowest kind first
  int packages = 1;

  CpuList all_cpus() const;
  // "big", "little", "mid" (three kinds), "all"; nullopt for any other name or when the machine lacks that kind.
  std::optional<CpuList> named_set(std::string_view name) const;
  // "little 0-3 (Arm Cortex-A55, 4 cores, 1.80 GHz), big 4-7 (Arm Cortex-A76, 4 cores, 2.40 GHz)"
  std::string describe_clusters() const;
  const LogicalCpu* cpu(int id) const;
  int physical_cores(const CpuList& cpus) const;  // distinct cores among them
};

// Reads the topology under `root` ("/" on a machine; MMBENCH_CPU_ROOT when `root` is empty). Missing files mean
// unknown, never an error: a machine without sysfs still has every CPU std::thread reports, in one cluster.
CpuTopology read_cpu_topology(const std::string& root = "");
nlohmann::json to_json(const CpuTopology& t);

}  // namespace mmbench
