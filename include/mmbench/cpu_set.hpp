// Sets of logical CPUs: the kernel's list format ("0-3,5", as sysfs and /proc/self/status write it), the --cpus
// option (sets separated by commas, parts of one set joined by '+', names big/little/all), and pinning a process
// or a thread to a set. The topology (cpu_topology.hpp) says which CPUs and clusters exist.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mmbench {

using CpuList = std::vector<int>;  // ascending, no duplicates

// Kernel list format: "0-3,5" -> {0,1,2,3,5}; nullopt when malformed (sysfs files are read with it).
std::optional<CpuList> parse_kernel_cpu_list(std::string_view text);
std::string format_cpu_list(const CpuList& cpus);  // {0,1,2,3,5} -> "0-3,5"

struct CpuTopology;

// One entry of --cpus: what the user wrote ("big", "0+2") and the CPUs it names.
struct CpuSetChoice {
  std::string label;
  CpuList cpus;
};

// Parses --cpus against this machine: "big,little,all" (a sweep of three sets), "4-7", "0+2" (one set of CPUs 0
// and 2). Throws UsageError naming the piece and the clusters that do exist; a set outside `allowed` (what this
// process may run on: taskset, cgroups) is refused too.
std::vector<CpuSetChoice> parse_cpus_option(std::string_view text, const CpuTopology& topology, const CpuList& allowed);

// The CPUs this process may run on (sched_getaffinity).
CpuList allowed_cpus();
// This thread's Cpus_allowed_list as the kernel reports it (/proc/thread-self/status): evidence of pinning.
std::string cpus_allowed_list();
// Pins the calling thread (and the threads it creates afterwards) to `cpus`. Empty string on success, else why.
std::string pin_this_thread(const CpuList& cpus);

}  // namespace mmbench
