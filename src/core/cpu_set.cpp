// CPU lists and pinning. The kernel's list format is parsed by hand: it is four lines and no library of ours has it
// (hwloc would, but it is a large dependency for one format). Pinning uses sched_setaffinity on the calling thread:
// a worker pins itself before any backend loads, so every thread a library creates inherits the set.
#include "mmbench/cpu_set.hpp"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "mmbench/cpu_topology.hpp"
#include "mmbench/error.hpp"

namespace mmbench {
namespace {

constexpr int kMaxCpu = 4096;

std::optional<int> to_cpu(std::string_view s) {
  int v = -1;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < 0 || v >= kMaxCpu) return std::nullopt;
  return v;
}

// "4-7" or "5" into `out`; false when malformed.
bool add_range(std::string_view piece, std::set<int>& out) {
  const auto dash = piece.find('-');
  const auto lo = to_cpu(piece.substr(0, dash));
  const auto hi = dash == std::string_view::npos ? lo : to_cpu(piece.substr(dash + 1));
  if (!lo || !hi || *hi < *lo) return false;
  for (int c = *lo; c <= *hi; ++c) out.insert(c);
  return true;
}

template <class F>
void for_each_piece(std::string_view text, char sep, F f) {
  for (size_t start = 0;;) {
    const auto end = text.find(sep, start);
    f(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

}  // namespace

std::optional<CpuList> parse_kernel_cpu_list(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  std::set<int> cpus;
  bool ok = !text.empty();
  for_each_piece(text, ',', [&](std::string_view p) { ok = ok && add_range(p, cpus); });
  if (!ok) return std::nullopt;
  return CpuList(cpus.begin(), cpus.end());
}

std::string format_cpu_list(const CpuList& cpus) {
  std::string out;
  for (size_t i = 0; i < cpus.size();) {
    size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    if (!out.empty()) out += ',';  // not "," + a temporary: GCC 12 warns falsely on that (-Wrestrict, PR 105329)
    out += j == i ? std::to_string(cpus[i]) : fmt::format("{}-{}", cpus[i], cpus[j]);
    i = j + 1;
  }
  return out;
}

std::vector<CpuSetChoice> parse_cpus_option(std::string_view text, const CpuTopology& topology,
                                            const CpuList& allowed) {
  const std::set<int> allowed_set(allowed.begin(), allowed.end());
  const CpuList all = topology.all_cpus();
  const std::set<int> online(all.begin(), all.end());
  auto refuse = [&](const std::string& why) {
    throw UsageError(fmt::format("--cpus: {} (this machine: {})", why, topology.describe_clusters()));
  };
  std::vector<CpuSetChoice> out;
  for_each_piece(text, ',', [&](std::string_view entry) {
    if (entry.empty()) refuse("empty set in '" + std::string(text) + "'");
    std::set<int> cpus;
    for_each_piece(entry, '+', [&](std::string_view part) {
      if (part.empty()) refuse("empty part in '" + std::string(entry) + "'");
      if (const auto named = topology.named_set(part)) {
        cpus.insert(named->begin(), named->end());
      } else if (!add_range(part, cpus)) {
        if (part == "big" || part == "little")
          refuse(fmt::format("'{}' needs two kinds of core; this machine has one", part));
        refuse(fmt::format("'{}' is not a CPU number, a range like 4-7, or big, little, all", part));
      }
    });
    CpuList list(cpus.begin(), cpus.end());
    for (int c : list) {
      if (!online.count(c)) refuse(fmt::format("CPU {} does not exist or is offline", c));
      if (!allowed_set.count(c))
        refuse(fmt::format("CPU {} is not available to this process (allowed: {})", c, format_cpu_list(allowed)));
    }
    for (const auto& prev : out)
      if (prev.cpus == list) refuse(fmt::format("'{}' names the same CPUs as '{}'", entry, prev.label));
    out.push_back({std::string(entry), std::move(list)});
  });
  return out;
}

CpuList allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  CpuList out;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return out;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) out.push_back(c);
  return out;
}

std::string cpus_allowed_list() {
  std::ifstream f("/proc/thread-self/status");
  for (std::string line; std::getline(f, line);)
    if (line.rfind("Cpus_allowed_list:", 0) == 0) {
      auto v = line.substr(18);
      v.erase(0, v.find_first_not_of(" \t"));
      return v;
    }
  return format_cpu_list(allowed_cpus());
}

std::string pin_this_thread(const CpuList& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int c : cpus) {
    if (c < 0 || c >= CPU_SETSIZE) return fmt::format("CPU {} is beyond what this build can pin", c);
    CPU_SET(c, &set);
  }
  if (sched_setaffinity(0, sizeof set, &set) != 0)
    return fmt::format("cannot pin to CPUs {}: {}", format_cpu_list(cpus), std::strerror(errno));
  return {};
}

}  // namespace mmbench
