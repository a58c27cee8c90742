// The microarchitecture table: FP32 flops per cycle per core = FMA pipes x lanes x 2, where an operation wider than
// a pipe is split over it (Zen 4 runs a 512-bit FMA as two 256-bit halves, so 512-bit gains nothing over 256-bit).
// Only rows with a named source are here; any core not matched (or matched ambiguously) gets no row, because a
// guessed peak would make every efficiency figure computed from it look trustworthy when it is not.
#include "mmbench/cpu_uarch.hpp"

#include <cctype>
#include <string_view>

namespace mmbench {
namespace {

struct Row {
  const char* name;
  int flops_128, flops_256, flops_512;
  const char* source;
};

// AMD. The 128-bit column is SSE on the same FMA pipes; a 256-bit pipe gains nothing from a narrower op.
const Row kZen1 = {
    "AMD Zen/Zen+", 16, 16, 0,
    "Software Optimization Guide for AMD Family 17h Processors: two 128-bit FMA pipes (FP0, FP1); 256-bit "
    "ops split into two 128-bit halves"};
const Row kZen2 = {
    "AMD Zen 2", 16, 32, 0,
    "Software Optimization Guide for AMD Family 17h Models 30h and Greater Processors: two 256-bit FMA pipes"};
const Row kZen3 = {"AMD Zen 3", 16, 32, 0, "AMD Software Optimization Guide for Family 19h: two 256-bit FMA pipes"};
const Row kZen4 = {"AMD Zen 4", 16, 32, 32,
                   "AMD Software Optimization Guide for Family 19h, 2.11: two 256-bit FMA pipes; 512-bit ops "
                   "double-pumped"};
const Row kZen5Full = {"AMD Zen 5 (512-bit datapath)", 16, 32, 64,
                       "Software Optimization Guide for the AMD Zen5 Microarchitecture: two FMA pipes, 512 bits wide "
                       "on Turin and Granite Ridge (measured: A. Yee, Zen5 AVX512 teardown, numberworld.org, 2024)"};
const Row kZen5Half = {"AMD Zen 5 (256-bit datapath)", 16, 32, 32,
                       "Chips and Cheese, AMD's Strix Point: Zen 5 Hits Mobile (2024), and A. Yee, Zen5 AVX512 "
                       "teardown: mobile Zen 5 keeps two 256-bit FMA pipes; 512-bit ops double-pumped"};

// Intel. FMA is on ports 0 and 1 for 128 and 256 bits; AVX-512 fuses them into one 512-bit FMA, and server parts
// may add a second 512-bit FMA on port 5.
const Row kIntelAvx2 = {"Intel Haswell/Broadwell/Skylake client", 16, 32, 0,
                        "Intel 64 and IA-32 Architectures Optimization Reference Manual: two 256-bit FMA units "
                        "(ports 0 and 1), no AVX-512"};
const Row kSkylakeSp1 = {"Intel Skylake-SP/Cascade Lake (one AVX-512 FMA unit)", 16, 32, 32,
                         "Intel Optimization Reference Manual, Skylake Server: ports 0+1 fused as one 512-bit FMA; "
                         "Xeon Gold 5100/5200 (except 5122, 5222), Silver and Bronze lack the port 5 FMA (Intel ARK)"};
const Row kSkylakeSp2 = {"Intel Skylake-SP/Cascade Lake (two AVX-512 FMA units)", 16, 32, 64,
                         "Intel Optimization Reference Manual, Skylake Server: ports 0+1 fused and port 5, two 512-bit "
                         "FMA units on Xeon Platinum, Gold 6100/6200, Gold 5122/5222 (Intel ARK)"};
const Row kIceLakeSp = {"Intel Ice Lake-SP", 16, 32, 64,
                        "Intel Optimization Reference Manual, Ice Lake Server: two 512-bit FMA units (ports 0+1 "
                        "fused, port 5)"};
const Row kSapphireRapids = {"Intel Sapphire/Emerald Rapids", 16, 32, 64,
                             "Intel Optimization Reference Manual, Golden Cove server: two 512-bit FMA units (ports "
                             "0+1 fused, port 5)"};
const Row kIntelClient512 = {"Intel Ice Lake/Tiger Lake/Rocket Lake client", 16, 32, 32,
                             "Intel Optimization Reference Manual, Sunny Cove client: two 256-bit FMA (ports 0, 1), "
                             "fused as one 512-bit FMA; no port 5 FMA"};

// Arm. NEON is 128-bit; the table has no SVE column, so 256/512 stay 0.
const Row kA55 = {"Arm Cortex-A55", 8, 0, 0,
                  "Arm Cortex-A55 Software Optimization Guide: ASIMD FP multiply-accumulate Q-form, one per cycle"};
const Row kA76 = {"Arm Cortex-A76", 16, 0, 0,
                  "Arm Cortex-A76 Software Optimization Guide: two 128-bit ASIMD FMA pipes"};
const Row kA77 = {"Arm Cortex-A77", 16, 0, 0,
                  "Arm Cortex-A77 Software Optimization Guide: two 128-bit ASIMD FMA pipes"};
const Row kA78 = {"Arm Cortex-A78", 16, 0, 0,
                  "Arm Cortex-A78 Software Optimization Guide: two 128-bit ASIMD FMA pipes"};
const Row kX1 = {"Arm Cortex-X1", 32, 0, 0, "Arm Cortex-X1 Software Optimization Guide: four 128-bit ASIMD FMA pipes"};
const Row kA710 = {"Arm Cortex-A710", 16, 0, 0,
                   "Arm Cortex-A710 Software Optimization Guide: two 128-bit ASIMD FMA pipes"};
const Row kX2 = {"Arm Cortex-X2", 32, 0, 0, "Arm Cortex-X2 Software Optimization Guide: four 128-bit ASIMD FMA pipes"};
const Row kA715 = {"Arm Cortex-A715", 16, 0, 0,
                   "Arm Cortex-A715 Software Optimization Guide: two 128-bit ASIMD FMA pipes"};
const Row kX3 = {"Arm Cortex-X3", 32, 0, 0, "Arm Cortex-X3 Software Optimization Guide: four 128-bit ASIMD FMA pipes"};
const Row kA720 = {"Arm Cortex-A720", 16, 0, 0,
                   "Arm Cortex-A720 Software Optimization Guide: two 128-bit ASIMD FMA pipes"};
const Row kX4 = {"Arm Cortex-X4", 32, 0, 0, "Arm Cortex-X4 Software Optimization Guide: four 128-bit ASIMD FMA pipes"};
const Row kN1 = {"Arm Neoverse N1", 16, 0, 0,
                 "Arm Neoverse N1 Software Optimization Guide: two 128-bit ASIMD FMA pipes"};
const Row kN2 = {"Arm Neoverse N2", 16, 0, 0,
                 "Arm Neoverse N2 Software Optimization Guide: two 128-bit ASIMD FMA pipes"};
const Row kV1 = {"Arm Neoverse V1", 32, 0, 0,
                 "Arm Neoverse V1 Software Optimization Guide: four 128-bit ASIMD FMA pipes (two 256-bit for SVE)"};
const Row kV2 = {"Arm Neoverse V2", 32, 0, 0,
                 "Arm Neoverse V2 Software Optimization Guide: four 128-bit ASIMD FMA pipes"};

struct X86Models {
  const char* vendor;
  int family, first_model, last_model;
  const Row* row;
};

// Model ranges as the Linux kernel assigns them (arch/x86/kernel/cpu/amd.c, arch/x86/include/asm/intel-family.h).
// Ranges not listed are unknown on purpose: e.g. family 1Ah models other than these may be Zen 5 of either width.
const X86Models kX86[] = {
    {"AuthenticAMD", 0x17, 0x00, 0x2F, &kZen1},
    {"AuthenticAMD", 0x17, 0x30, 0x4F, &kZen2},
    {"AuthenticAMD", 0x17, 0x60, 0x7F, &kZen2},
    {"AuthenticAMD", 0x17, 0x90, 0x91, &kZen2},
    {"AuthenticAMD", 0x17, 0xA0, 0xAF, &kZen2},
    {"AuthenticAMD", 0x19, 0x00, 0x0F, &kZen3},
    {"AuthenticAMD", 0x19, 0x20, 0x5F, &kZen3},
    {"AuthenticAMD", 0x19, 0x10, 0x1F, &kZen4},
    {"AuthenticAMD", 0x19, 0x60, 0x7F, &kZen4},
    {"AuthenticAMD", 0x19, 0xA0, 0xAF, &kZen4},
    {"AuthenticAMD", 0x1A, 0x00, 0x1F, &kZen5Full},  // Turin, Turin Dense
    {"AuthenticAMD", 0x1A, 0x40, 0x4F, &kZen5Full},  // Granite Ridge (and Fire Range)
    {"AuthenticAMD", 0x1A, 0x20, 0x2F, &kZen5Half},  // Strix Point
    {"AuthenticAMD", 0x1A, 0x60, 0x6F, &kZen5Half},  // Krackan
    // Haswell, Broadwell, Skylake client and its Kaby/Coffee/Whiskey/Comet Lake refreshes.
    {"GenuineIntel", 6, 0x3C, 0x3C, &kIntelAvx2},
    {"GenuineIntel", 6, 0x3F, 0x3F, &kIntelAvx2},
    {"GenuineIntel", 6, 0x45, 0x46, &kIntelAvx2},
    {"GenuineIntel", 6, 0x3D, 0x3D, &kIntelAvx2},
    {"GenuineIntel", 6, 0x47, 0x47, &kIntelAvx2},
    {"GenuineIntel", 6, 0x4F, 0x4F, &kIntelAvx2},
    {"GenuineIntel", 6, 0x56, 0x56, &kIntelAvx2},
    {"GenuineIntel", 6, 0x4E, 0x4E, &kIntelAvx2},
    {"GenuineIntel", 6, 0x5E, 0x5E, &kIntelAvx2},
    {"GenuineIntel", 6, 0x8E, 0x8E, &kIntelAvx2},
    {"GenuineIntel", 6, 0x9E, 0x9E, &kIntelAvx2},
    {"GenuineIntel", 6, 0xA5, 0xA6, &kIntelAvx2},
    {"GenuineIntel", 6, 0x6A, 0x6A, &kIceLakeSp},  // not 0x6C (Ice Lake-D): its FMA count is not checked
    {"GenuineIntel", 6, 0x8F, 0x8F, &kSapphireRapids},
    {"GenuineIntel", 6, 0xCF, 0xCF, &kSapphireRapids},
    {"GenuineIntel", 6, 0x7D, 0x7E, &kIntelClient512},  // Ice Lake client
    {"GenuineIntel", 6, 0x8C, 0x8D, &kIntelClient512},  // Tiger Lake
    {"GenuineIntel", 6, 0xA7, 0xA7, &kIntelClient512},  // Rocket Lake
    // Alder/Raptor Lake (0x97, 0x9A, 0xB7, 0xBA, 0xBF) are absent: a P-core and an E-core share the model, and
    // CpuId does not say which core it came from.
};

struct ArmPart {
  int implementer, part;
  const Row* row;
};

const ArmPart kArm[] = {
    {0x41, 0xd05, &kA55},  {0x41, 0xd0b, &kA76}, {0x41, 0xd0d, &kA77},  {0x41, 0xd41, &kA78}, {0x41, 0xd44, &kX1},
    {0x41, 0xd47, &kA710}, {0x41, 0xd48, &kX2},  {0x41, 0xd4d, &kA715}, {0x41, 0xd4e, &kX3},  {0x41, 0xd81, &kA720},
    {0x41, 0xd82, &kX4},   {0x41, 0xd0c, &kN1},  {0x41, 0xd49, &kN2},   {0x41, 0xd40, &kV1},  {0x41, 0xd4f, &kV2},
};

CoreKind to_kind(const Row& r) {
  return CoreKind{r.name, r.flops_128, r.flops_256, r.flops_512, r.source};
}

// The four digits after `tier` in a model name ("Intel(R) Xeon(R) Gold 5118 CPU @ 2.30GHz" -> "5118"), or "".
std::string_view sku_after(std::string_view name, std::string_view tier) {
  const size_t at = name.find(tier);
  if (at == std::string_view::npos) return {};
  std::string_view rest = name.substr(at + tier.size());
  size_t n = 0;
  while (n < rest.size() && n < 4 && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
  return n == 4 ? rest.substr(0, 4) : std::string_view{};
}

// Skylake-SP, Cascade Lake and Cooper Lake share model 0x55 but Intel fused off the port 5 FMA on cheaper SKUs, so
// only the brand string tells. Anything else on this model (Core i9-X, Xeon W, Xeon D, Gold 5300) stays unknown.
const Row* skylake_sp(std::string_view name) {
  if (name.find("Platinum ") != std::string_view::npos) return &kSkylakeSp2;
  if (name.find("Silver ") != std::string_view::npos || name.find("Bronze ") != std::string_view::npos)
    return &kSkylakeSp1;
  const std::string_view gold = sku_after(name, "Gold ");
  if (gold.empty()) return nullptr;
  if (gold[0] == '6' || gold == "5122" || gold == "5222") return &kSkylakeSp2;
  if (gold.substr(0, 2) == "51" || gold.substr(0, 2) == "52") return &kSkylakeSp1;
  return nullptr;
}

}  // namespace

std::optional<CoreKind> identify_core(const CpuId& id) {
  if (id.vendor == "GenuineIntel" && id.family == 6 && id.model == 0x55) {
    const Row* r = skylake_sp(id.model_name);
    if (r) return to_kind(*r);
    return std::nullopt;
  }
  if (!id.vendor.empty()) {
    for (const X86Models& m : kX86)
      if (id.vendor == m.vendor && id.family == m.family && id.model >= m.first_model && id.model <= m.last_model)
        return to_kind(*m.row);
    return std::nullopt;
  }
  for (const ArmPart& a : kArm)
    if (id.implementer == a.implementer && id.part == a.part) return to_kind(*a.row);
  return std::nullopt;
}

int flops_per_cycle(const CoreKind& core, const std::string& isa) {
  if (isa == "avx512f") return core.flops_512;
  if (isa == "avx2+fma") return core.flops_256;
  if (isa == "neon") return core.flops_128;
  // "scalar" is a separate multiply and add, not an FMA, so no FMA-pipe peak applies to it; 0 as for any unknown isa.
  return 0;
}

}  // namespace mmbench
