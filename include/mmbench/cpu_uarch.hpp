// What one CPU core can do per cycle, from a small table of microarchitectures with each row's source: FMA pipes,
// their width and how wider operations execute (Zen 4 runs a 512-bit FMA on two 256-bit pipes). The theoretical
// peak is this times the maximum clock; an unknown core has no theoretical peak rather than a guessed one.
#pragma once
#include <optional>
#include <string>

namespace mmbench {

// How the CPU names itself: x86 through CPUID (as /proc/cpuinfo shows it), Arm through MIDR (implementer, part).
struct CpuId {
  std::string vendor;      // "AuthenticAMD", "GenuineIntel"; empty on Arm
  int family = -1;         // x86 "cpu family"
  int model = -1;          // x86 "model"
  std::string model_name;  // x86 "model name" (Intel server parts differ in FMA ports by SKU)
  int implementer = -1;    // Arm "CPU implementer" (0x41 Arm, 0x61 Apple)
  int part = -1;           // Arm "CPU part" (0xd0b Cortex-A76)
};

struct CoreKind {
  std::string name;  // "AMD Zen 4", "Arm Cortex-A76"
  // FP32 flops per cycle per core for an FMA kernel of each vector width (0: the core has no such instructions).
  int flops_128 = 0, flops_256 = 0, flops_512 = 0;
  std::string source;  // where the row's numbers come from
};

std::optional<CoreKind> identify_core(const CpuId& id);
// FP32 flops per cycle per core for the probe's instruction set ("avx512f", "avx2+fma", "neon", "scalar"); 0 when
// the core or the table does not say.
int flops_per_cycle(const CoreKind& core, const std::string& isa);

}  // namespace mmbench
