// The microarchitecture table: known cores get their sourced flops per cycle (double-pumped 512-bit counts once),
// Skylake-SP is told apart by SKU, and anything not in the table is unknown rather than guessed.
#include "mmbench/cpu_uarch.hpp"

#include <gtest/gtest.h>

using namespace mmbench;

namespace {

CpuId x86(const std::string& vendor, int family, int model, const std::string& name = "") {
  CpuId id;
  id.vendor = vendor;
  id.family = family;
  id.model = model;
  id.model_name = name;
  return id;
}

CpuId arm(int implementer, int part) {
  CpuId id;
  id.implementer = implementer;
  id.part = part;
  return id;
}

}  // namespace

TEST(CpuUarch, Zen4DoublePumps512) {
  const auto k = identify_core(x86("AuthenticAMD", 0x19, 0x61, "AMD Ryzen 9 7950X 16-Core Processor"));
  ASSERT_TRUE(k);
  EXPECT_EQ(k->name, "AMD Zen 4");
  EXPECT_EQ(flops_per_cycle(*k, "avx512f"), 32);
  EXPECT_EQ(flops_per_cycle(*k, "avx2+fma"), 32);
}

// This dev VM's /proc/cpuinfo: family 26, model 2, "AMD EPYC" (Turin, full-width 512-bit FMA).
TEST(CpuUarch, ThisVmIsZen5Server) {
  const auto k = identify_core(x86("AuthenticAMD", 26, 2, "AMD EPYC"));
  ASSERT_TRUE(k);
  EXPECT_EQ(k->name.rfind("AMD Zen 5", 0), 0u) << k->name;
  EXPECT_EQ(flops_per_cycle(*k, "avx512f"), 64);
  EXPECT_EQ(flops_per_cycle(*k, "avx2+fma"), 32);
}

TEST(CpuUarch, Zen5MobileDoublePumps512) {
  const auto k = identify_core(x86("AuthenticAMD", 0x1A, 0x24, "AMD Ryzen AI 9 HX 370"));
  ASSERT_TRUE(k);
  EXPECT_EQ(flops_per_cycle(*k, "avx512f"), 32);
}

TEST(CpuUarch, Rk3588Cores) {
  const auto a76 = identify_core(arm(0x41, 0xd0b));
  const auto a55 = identify_core(arm(0x41, 0xd05));
  ASSERT_TRUE(a76);
  ASSERT_TRUE(a55);
  EXPECT_EQ(a76->name, "Arm Cortex-A76");
  EXPECT_EQ(flops_per_cycle(*a76, "neon"), 16);
  EXPECT_EQ(flops_per_cycle(*a55, "neon"), 8);
  EXPECT_EQ(flops_per_cycle(*a76, "avx512f"), 0);
}

TEST(CpuUarch, UnknownCoresAreNotGuessed) {
  EXPECT_FALSE(identify_core(arm(0x41, 0xfff)));
  EXPECT_FALSE(identify_core(arm(0x61, 0x023)));  // Apple: no sourced row
  EXPECT_FALSE(identify_core(x86("GenuineIntel", 6, 0x01)));
  EXPECT_FALSE(identify_core(x86("GenuineIntel", 6, 0x97, "12th Gen Intel(R) Core(TM) i9-12900K")));  // hybrid
  EXPECT_FALSE(identify_core(x86("AuthenticAMD", 0x1A, 0x70)));  // a Zen 5 of unchecked width
  EXPECT_FALSE(identify_core(x86("HygonGenuine", 0x18, 0x00)));
  EXPECT_FALSE(identify_core(CpuId{}));
}

TEST(CpuUarch, SkylakeSpBySku) {
  const auto gold5118 = identify_core(x86("GenuineIntel", 6, 0x55, "Intel(R) Xeon(R) Gold 5118 CPU @ 2.30GHz"));
  const auto plat8180 = identify_core(x86("GenuineIntel", 6, 0x55, "Intel(R) Xeon(R) Platinum 8180 CPU @ 2.50GHz"));
  const auto gold6148 = identify_core(x86("GenuineIntel", 6, 0x55, "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"));
  const auto gold5122 = identify_core(x86("GenuineIntel", 6, 0x55, "Intel(R) Xeon(R) Gold 5122 CPU @ 3.60GHz"));
  const auto silver = identify_core(x86("GenuineIntel", 6, 0x55, "Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz"));
  ASSERT_TRUE(gold5118 && plat8180 && gold6148 && gold5122 && silver);
  EXPECT_EQ(flops_per_cycle(*gold5118, "avx512f"), 32);
  EXPECT_EQ(flops_per_cycle(*plat8180, "avx512f"), 64);
  EXPECT_EQ(flops_per_cycle(*gold6148, "avx512f"), 64);
  EXPECT_EQ(flops_per_cycle(*gold5122, "avx512f"), 64);
  EXPECT_EQ(flops_per_cycle(*silver, "avx512f"), 32);
  EXPECT_EQ(flops_per_cycle(*gold5118, "avx2+fma"), 32);
  // Same model, no tier in the name: the FMA count is not known.
  EXPECT_FALSE(identify_core(x86("GenuineIntel", 6, 0x55, "Intel(R) Core(TM) i9-7900X CPU @ 3.30GHz")));
  EXPECT_FALSE(identify_core(x86("GenuineIntel", 6, 0x55, "Intel(R) Xeon(R) Gold 5318H CPU @ 2.50GHz")));
}

TEST(CpuUarch, ScalarAndUnknownIsaHaveNoFmaPeak) {
  const auto k = identify_core(x86("AuthenticAMD", 0x19, 0x11));
  ASSERT_TRUE(k);
  EXPECT_EQ(flops_per_cycle(*k, "scalar"), 0);
  EXPECT_EQ(flops_per_cycle(*k, "sve"), 0);
}

TEST(CpuUarch, EveryRowNamesItsSource) {
  const CpuId ids[] = {
      x86("AuthenticAMD", 0x17, 0x01),
      x86("AuthenticAMD", 0x17, 0x31),
      x86("AuthenticAMD", 0x19, 0x01),
      x86("AuthenticAMD", 0x19, 0x11),
      x86("AuthenticAMD", 0x1A, 0x02),
      x86("AuthenticAMD", 0x1A, 0x44),
      x86("AuthenticAMD", 0x1A, 0x60),
      x86("GenuineIntel", 6, 0x3F),
      x86("GenuineIntel", 6, 0x9E),
      x86("GenuineIntel", 6, 0x6A),
      x86("GenuineIntel", 6, 0x8F),
      x86("GenuineIntel", 6, 0xCF),
      x86("GenuineIntel", 6, 0x8C),
      x86("GenuineIntel", 6, 0x55, "Intel(R) Xeon(R) Bronze 3106 CPU"),
      arm(0x41, 0xd05),
      arm(0x41, 0xd0b),
      arm(0x41, 0xd0d),
      arm(0x41, 0xd41),
      arm(0x41, 0xd44),
      arm(0x41, 0xd47),
      arm(0x41, 0xd48),
      arm(0x41, 0xd4d),
      arm(0x41, 0xd4e),
      arm(0x41, 0xd81),
      arm(0x41, 0xd82),
      arm(0x41, 0xd0c),
      arm(0x41, 0xd49),
      arm(0x41, 0xd40),
      arm(0x41, 0xd4f),
  };
  for (const CpuId& id : ids) {
    const auto k = identify_core(id);
    ASSERT_TRUE(k) << id.vendor << " " << id.family << " " << id.model << " " << id.part;
    EXPECT_FALSE(k->name.empty());
    EXPECT_FALSE(k->source.empty()) << k->name;
    // Some vector width must have an FMA peak, and a wider op never does worse than a narrower one on x86.
    EXPECT_GT(k->flops_128, 0) << k->name;
    if (k->flops_512) {
      EXPECT_GE(k->flops_512, k->flops_256) << k->name;
    }
  }
}
