// The CPU topology read from fake sysfs/cpuinfo trees (an RK3588, a two-socket Xeon with SMT, this VM), the --cpus
// sets parsed against them, the kernel list format, and pinning this test's own thread.
#include "mmbench/cpu_topology.hpp"

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <thread>

#include <gtest/gtest.h>

#include "../doubles/fake_cpu_tree.hpp"
#include "mmbench/cpu_set.hpp"
#include "mmbench/error.hpp"
#include "mmbench/roofs.hpp"

using namespace mmbench;

namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / fmt::format("mmbench-cpus-{}-{}", getpid(), name);
  std::filesystem::remove_all(dir);
  return dir;
}

std::string thrown_by(const std::function<void()>& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(CpuList, KernelFormatRoundTrips) {
  EXPECT_EQ(parse_kernel_cpu_list("0-3,5\n"), (CpuList{0, 1, 2, 3, 5}));
  EXPECT_EQ(parse_kernel_cpu_list("7"), (CpuList{7}));
  EXPECT_EQ(format_cpu_list({0, 1, 2, 3, 5, 8, 9}), "0-3,5,8-9");
  EXPECT_EQ(format_cpu_list({}), "");
  for (const char* bad : {"", "3-1", "a", "1,,2", "-1", "1-", "99999"}) EXPECT_FALSE(parse_kernel_cpu_list(bad)) << bad;
}

TEST(CpuTopology, Rk3588HasLittleAndBigClusters) {
  const CpuTopology t = read_cpu_topology(test::rk3588_tree(fresh_dir("rk3588")));
  ASSERT_EQ(t.clusters.size(), 2u);
  EXPECT_EQ(t.clusters[0].name, "little");
  EXPECT_EQ(t.clusters[0].core_type, "Arm Cortex-A55");
  EXPECT_EQ(t.clusters[0].cpus, (CpuList{0, 1, 2, 3}));
  EXPECT_EQ(t.clusters[0].max_ghz, 1.8);  // exactly: it is printed in JSON
  EXPECT_EQ(t.clusters[1].name, "big");
  EXPECT_EQ(t.clusters[1].core_type, "Arm Cortex-A76");
  EXPECT_EQ(t.clusters[1].cpus, (CpuList{4, 5, 6, 7}));
  EXPECT_EQ(t.clusters[1].physical_cores, 4);
  EXPECT_EQ(t.named_set("big"), (CpuList{4, 5, 6, 7}));
  EXPECT_EQ(t.named_set("all")->size(), 8u);
  EXPECT_FALSE(t.named_set("mid"));
  EXPECT_EQ(t.describe_clusters(),
            "little 0-3 (Arm Cortex-A55, 4 cores, 1.80 GHz), big 4-7 (Arm Cortex-A76, 4 cores, 2.40 GHz)");
  const auto j = to_json(t);
  EXPECT_EQ(j["online"], "0-7");
  EXPECT_EQ(j["smt"], false);
  EXPECT_EQ(j["clusters"][1]["cpus"], "4-7");
}

TEST(CpuTopology, TwoSocketXeonWithSmtIsOneKind) {
  const CpuTopology t = read_cpu_topology(test::xeon_2s_smt_tree(fresh_dir("xeon")));
  EXPECT_EQ(t.packages, 2);
  ASSERT_EQ(t.clusters.size(), 1u);
  EXPECT_EQ(t.clusters[0].name, "all");
  EXPECT_EQ(t.clusters[0].cpus.size(), 16u);
  EXPECT_EQ(t.clusters[0].physical_cores, 8);  // SMT siblings share a core
  EXPECT_EQ(t.physical_cores({0, 8}), 1);
  EXPECT_EQ(t.physical_cores({0, 1}), 2);
  EXPECT_EQ(to_json(t)["smt"], true);
  ASSERT_TRUE(t.clusters[0].kind);
  EXPECT_EQ(flops_per_cycle(*t.clusters[0].kind, "avx512f"), 64);  // Platinum: two AVX-512 FMA units
  EXPECT_FALSE(t.named_set("big"));
}

TEST(CpuTopology, ThisKindOfVmHasNoMaximumClock) {
  const CpuTopology t = read_cpu_topology(test::zen5_vm_tree(fresh_dir("vm")));
  ASSERT_EQ(t.clusters.size(), 1u);
  EXPECT_EQ(t.clusters[0].max_ghz, 0);  // cpuinfo's "cpu MHz" is not used as a maximum clock
  ASSERT_TRUE(t.clusters[0].kind);
  EXPECT_NE(t.clusters[0].core_type.find("Zen 5"), std::string::npos);
}

TEST(CpuTopology, MissingTreeStillHasTheCpusOfThisMachine) {
  const CpuTopology t = read_cpu_topology(fresh_dir("empty").string());
  EXPECT_EQ(t.cpus.size(), std::max(1u, std::thread::hardware_concurrency()));
  ASSERT_EQ(t.clusters.size(), 1u);
  EXPECT_EQ(t.clusters[0].core_type, "unknown core");
  EXPECT_FALSE(t.clusters[0].kind);
}

TEST(CpusOption, NamesRangesAndSweeps) {
  const CpuTopology t = read_cpu_topology(test::rk3588_tree(fresh_dir("opt")));
  const CpuList all{0, 1, 2, 3, 4, 5, 6, 7};
  const auto sets = parse_cpus_option("big,little,all", t, all);
  ASSERT_EQ(sets.size(), 3u);
  EXPECT_EQ(sets[0].label, "big");
  EXPECT_EQ(sets[0].cpus, (CpuList{4, 5, 6, 7}));
  EXPECT_EQ(sets[1].cpus, (CpuList{0, 1, 2, 3}));
  EXPECT_EQ(sets[2].cpus, all);
  EXPECT_EQ(parse_cpus_option("4-5+7", t, all)[0].cpus, (CpuList{4, 5, 7}));
  EXPECT_EQ(parse_cpus_option("0+2", t, all).size(), 1u);
  EXPECT_EQ(parse_cpus_option("0,2", t, all).size(), 2u);  // two sets of one CPU each: a sweep
}

TEST(CpusOption, RefusesWhatTheMachineLacksAndNamesItsClusters) {
  const CpuTopology rk = read_cpu_topology(test::rk3588_tree(fresh_dir("bad")));
  const CpuList all{0, 1, 2, 3, 4, 5, 6, 7};
  const std::string clusters =
      "(this machine: little 0-3 (Arm Cortex-A55, 4 cores, 1.80 GHz), big 4-7 (Arm Cortex-A76, 4 cores, 2.40 GHz))";
  EXPECT_EQ(thrown_by([&] { parse_cpus_option("8", rk, all); }),
            "--cpus: CPU 8 does not exist or is offline " + clusters);
  EXPECT_EQ(thrown_by([&] { parse_cpus_option("huge", rk, all); }),
            "--cpus: 'huge' is not a CPU number, a range like 4-7, or big, little, all " + clusters);
  EXPECT_EQ(thrown_by([&] { parse_cpus_option("big,4-7", rk, all); }),
            "--cpus: '4-7' names the same CPUs as 'big' " + clusters);
  EXPECT_EQ(thrown_by([&] { parse_cpus_option("big,", rk, all); }), "--cpus: empty set in 'big,' " + clusters);
  EXPECT_EQ(thrown_by([&] {
              parse_cpus_option("big", rk, {0, 1});
            }),
            "--cpus: CPU 4 is not available to this process (allowed: 0-1) " + clusters);
  const CpuTopology vm = read_cpu_topology(test::zen5_vm_tree(fresh_dir("vm2")));
  EXPECT_NE(thrown_by([&] {
              parse_cpus_option("little", vm, {0, 1});
            }).find("'little' needs two kinds of core; this machine has one"),
            std::string::npos);
}

TEST(Pinning, TheKernelSeesTheSet) {
  const CpuList before = allowed_cpus();
  ASSERT_FALSE(before.empty());
  std::string seen;
  std::thread([&] {
    const CpuList one{before.back()};
    ASSERT_EQ(pin_this_thread(one), "");
    seen = cpus_allowed_list();
  }).join();
  EXPECT_EQ(seen, std::to_string(before.back()));
  EXPECT_EQ(allowed_cpus(), before);  // another thread's pinning left this one alone
  EXPECT_NE(pin_this_thread({CPU_SETSIZE + 1}), "");
}

TEST(TheoreticalPeak, PerClusterFromTheTableAndTheMaximumClocks) {
  const CpuTopology rk = read_cpu_topology(test::rk3588_tree(fresh_dir("peak-rk")));
  const auto big = theoretical_fp32_peak(rk, {4, 5, 6, 7}, 4, "neon");
  EXPECT_NEAR(big.gflops, 4 * 2.4 * 16, 1e-9);
  EXPECT_EQ(big.assumption, "4 cores x 2.40 GHz x 16 fp32 flops per cycle (Arm Cortex-A76, neon)");
  EXPECT_FALSE(big.source.empty());
  EXPECT_NEAR(theoretical_fp32_peak(rk, {0, 1, 2, 3}, 4, "neon").gflops, 4 * 1.8 * 8, 1e-9);
  const auto all = theoretical_fp32_peak(rk, {}, 8, "neon");
  EXPECT_NEAR(all.gflops, 4 * 2.4 * 16 + 4 * 1.8 * 8, 1e-9);
  EXPECT_NE(all.assumption.find(" + "), std::string::npos) << all.assumption;
  // Unpinned with fewer threads than cores: the fastest cores first.
  EXPECT_NEAR(theoretical_fp32_peak(rk, {}, 2, "neon").gflops, 2 * 2.4 * 16, 1e-9);
  EXPECT_EQ(theoretical_fp32_peak(rk, {4}, 1, "avx512f").assumption,
            "theoretical peak unknown for Arm Cortex-A76 (avx512f): not in mmbench's table");
}

TEST(TheoreticalPeak, SmtSiblingsShareTheirCore) {
  const CpuTopology x = read_cpu_topology(test::xeon_2s_smt_tree(fresh_dir("peak-xeon")));
  EXPECT_NEAR(theoretical_fp32_peak(x, {}, 16, "avx512f").gflops, 8 * 3.8 * 64, 1e-9);
  EXPECT_NEAR(theoretical_fp32_peak(x, {0, 8}, 2, "avx512f").gflops, 1 * 3.8 * 64, 1e-9);
  EXPECT_NEAR(theoretical_fp32_peak(x, {0, 1}, 2, "avx2+fma").gflops, 2 * 3.8 * 32, 1e-9);
}

TEST(TheoreticalPeak, WarnsOnlyAboveTheTheoreticalOrBelowHalf) {
  const TheoreticalPeak t{100, "2 cores x ...", "table"};
  EXPECT_TRUE(peak_warnings(95, t).empty());
  EXPECT_TRUE(peak_warnings(51, t).empty());
  ASSERT_EQ(peak_warnings(101, t).size(), 1u);
  EXPECT_NE(peak_warnings(101, t)[0].find("exceeds the theoretical 100"), std::string::npos);
  ASSERT_EQ(peak_warnings(40, t).size(), 1u);
  EXPECT_NE(peak_warnings(40, t)[0].find("is 40% of the theoretical 100"), std::string::npos);
  EXPECT_TRUE(peak_warnings(500, {0, "theoretical peak unknown", ""}).empty());
}
