// --cpus end to end: the worker really runs on the set (the kernel's Cpus_allowed_list, recorded by the worker),
// a set is a sweep axis with its own column and roofs, and the fake RK3588 and VM trees (MMBENCH_CPU_ROOT) give
// the clusters `list` and `probe --json` show and the errors a user gets for a set the machine lacks.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../doubles/fake_cpu_tree.hpp"
#include "cli_runner.hpp"
#include "mmbench/cpu_set.hpp"

using namespace mmbench;
using namespace mmbench::e2e;

TEST(Cpus, WorkersRunOnTheSetAndEachSetIsAColumn) {
  const CpuList allowed = allowed_cpus();
  if (allowed.size() < 2) GTEST_SKIP() << "needs two CPUs";
  const std::string one = std::to_string(allowed.back()), out = fresh_dir("cpus");
  const auto r = run_mmbench("run -b reference --size 8,16 --cpus " + one + ",all --budget 0.05 --no-charts -o " + out);
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("reference cpus " + one), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("reference cpus " + format_cpu_list(allowed)), std::string::npos) << r.out;
  const auto j = nlohmann::json::parse(read_file(out + "/results.json"));
  ASSERT_EQ(j["results"].size(), 4u);
  for (const auto& rec : j["results"]) {
    EXPECT_EQ(rec["cpus_allowed"], rec["cpus"]) << rec.dump();  // as /proc/thread-self/status says in the worker
    EXPECT_EQ(rec["threads"], rec["cpus"] == one ? 1 : static_cast<int>(allowed.size()));  // the set's size
  }
  const auto& roofs = j["runs"][0]["environment"]["roofs"];
  ASSERT_EQ(roofs["by_cpus"].size(), 2u);  // each set measured on its own cores
  EXPECT_EQ(roofs["by_cpus"][0]["cpus"], one);
  EXPECT_EQ(roofs["by_cpus"][0]["threads"], 1);
  EXPECT_TRUE(j["runs"][0]["environment"].contains("cpu_topology"));
  EXPECT_NE(read_file(out + "/results.csv").find(",threads_used,cpus,status,"), std::string::npos);
  // The same plan resumed measures nothing new: pinned points' keys match the stored ones.
  const auto again = run_mmbench("run --resume " + out);
  EXPECT_EQ(again.rc, 0) << again.err;
  EXPECT_NE(again.err.find("nothing to measure"), std::string::npos) << again.err;
}

TEST(Cpus, Rk3588TreeShowsItsClusters) {
  const std::string root = test::rk3588_tree(fresh_dir("rk3588-tree"));
  const auto list = run_mmbench("list", "MMBENCH_CPU_ROOT=" + root);
  ASSERT_EQ(list.rc, 0) << list.err;
  EXPECT_NE(list.out.find("CPU clusters (--cpus big, little, all, or CPU numbers): little 0-3 (Arm Cortex-A55, 4 "
                          "cores, 1.80 GHz), big 4-7 (Arm Cortex-A76, 4 cores, 2.40 GHz)"),
            std::string::npos)
      << list.out;
  const auto probe = run_mmbench("probe --json --no-overhead", "MMBENCH_CPU_ROOT=" + root);
  ASSERT_EQ(probe.rc, 0) << probe.err;
  const auto j = nlohmann::json::parse(probe.out);
  ASSERT_EQ(j["topology"]["clusters"].size(), 2u);
  EXPECT_EQ(j["topology"]["clusters"][1]["name"], "big");
  EXPECT_EQ(j["topology"]["clusters"][1]["core_type"], "Arm Cortex-A76");
  EXPECT_EQ(j["topology"]["clusters"][1]["max_ghz"], 2.4);
  // Clusters this process may not run on are named, not measured (this machine has fewer CPUs than the tree).
  const CpuList allowed = allowed_cpus();
  if (allowed.size() < 8) {
    EXPECT_NE(j["warnings"].dump().find("cluster big (4-7) not measured"), std::string::npos) << j["warnings"];
  } else {
    EXPECT_EQ(j["by_cpus"].size(), 2u);
  }
  const auto big = run_mmbench("run --size 8 --cpus big --dry-run", "MMBENCH_CPU_ROOT=" + root);
  if (allowed.size() < 8) {
    EXPECT_EQ(big.rc, 2);
    EXPECT_NE(big.err.find("--cpus: CPU 4 is not available to this process"), std::string::npos) << big.err;
  }
}

TEST(Cpus, OneKindOfCoreHasNoBigOrLittle) {
  const std::string root = test::zen5_vm_tree(fresh_dir("vm-tree"));
  const auto r = run_mmbench("run --size 8 --cpus big --dry-run", "MMBENCH_CPU_ROOT=" + root);
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("--cpus: 'big' needs two kinds of core; this machine has one (this machine: all 0-1 (AMD "
                       "Zen 5"),
            std::string::npos)
      << r.err;
  const auto resume = run_mmbench("run --resume " + fresh_dir("none") + " --cpus all");
  EXPECT_EQ(resume.rc, 2);
  EXPECT_NE(resume.err.find("do not combine it with sweep options"), std::string::npos) << resume.err;
}

TEST(Cpus, TheoreticalPeakIsUnknownWithoutAMaximumClock) {
  const std::string root = test::zen5_vm_tree(fresh_dir("vm-probe"));
  const auto probe = run_mmbench("probe --json --no-overhead", "MMBENCH_CPU_ROOT=" + root);
  ASSERT_EQ(probe.rc, 0) << probe.err;
  const auto j = nlohmann::json::parse(probe.out);
  EXPECT_EQ(j["fp32_theoretical_gflops"], 0.0);
  EXPECT_NE(j["theoretical_assumption"].get<std::string>().find("no maximum clock in sysfs"), std::string::npos);
  EXPECT_EQ(j["warnings"].size(), 0u) << j["warnings"];  // no warning on a healthy machine whose clock is unknown
}
