// kill -9 of a whole run loses nothing already committed, and `run --resume` measures only what is missing.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "mmbench/store.hpp"

using namespace mmbench;
using namespace mmbench::e2e;

TEST(Resume, KillNineThenResume) {
  const std::string out = fresh_dir("resume");
  const std::string pidfile = out + ".pid";
  const std::string cmd = fault_env("slow@8") + " " + MMB_BIN +
                          " run --no-probe --backend test:fault -M 8 -N 8 -K 8:12 --budget 5 -o " + out +
                          " >/dev/null 2>&1 & echo $! > " + pidfile;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const pid_t pid = std::stoi(read_file(pidfile));

  size_t before = 0;
  for (int i = 0; i < 300 && before < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    try {
      if (std::filesystem::exists(out + "/results.db"))
        before = Store::open(out + "/results.db", false).records().size();
    } catch (const std::exception&) {  // created but not initialised yet
    }
  }
  ASSERT_GE(before, 2u) << "the run did not commit two points in 30 s";
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  const auto committed = Store::open(out + "/results.db", false).records();
  ASSERT_GE(committed.size(), 2u);
  ASSERT_LT(committed.size(), 5u) << "the run finished before it was killed";

  const auto r = run_mmbench("run --no-probe --resume " + out, fault_env(""));
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.err.find(std::to_string(5 - committed.size()) + " points missing"), std::string::npos) << r.err;
  const auto all = Store::open(out + "/results.db", false).records();
  ASSERT_EQ(all.size(), 5u);
  for (size_t i = 0; i < committed.size(); ++i) {  // the committed points are untouched
    EXPECT_EQ(all[i].key, committed[i].key);
    EXPECT_EQ(all[i].samples_s, committed[i].samples_s);
  }
}

// The plan carries the backend options: a run given --rknn-lib, killed, then resumed without it (and without
// MMBENCH_RKNN_LIB) measures its remaining NPU points with the same runtime; naming another one is refused.
TEST(Resume, KeepsTheBackendOptionsOfThePlan) {
  const std::string out = fresh_dir("resume-options");
  const std::string pidfile = out + ".pid";
  const std::string lib = std::string(MMB_RKNN_DOUBLE_DIR) + "/rknnrt-1.6.0/librknnrt.so";
  // test:fault's slow points come first (backend-major order), so the kill lands before any NPU point.
  const std::string cmd = fault_env("slow@8") + " " + MMB_BIN +
                          " run --no-probe -b test:fault,rknpu:matmul -M 8 -N 64 -K 32:256:32 -d f32,f16 --budget 5 " +
                          "--rknn-lib " + lib + " -o " + out + " >/dev/null 2>&1 & echo $! > " + pidfile;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const pid_t pid = std::stoi(read_file(pidfile));
  size_t before = 0;
  for (int i = 0; i < 300 && before < 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    try {
      if (std::filesystem::exists(out + "/results.db"))
        before = Store::open(out + "/results.db", false).records().size();
    } catch (const std::exception&) {
    }
  }
  ASSERT_GE(before, 1u) << "the run did not commit a point in 30 s";
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (const auto& r : Store::open(out + "/results.db", false).records())
    ASSERT_EQ(r.key.backend, "test:fault") << "an NPU point was measured before the kill";

  const auto other = run_mmbench("run --no-probe --resume " + out + " --rknn-lib " + std::string(MMB_RKNN_DOUBLE_DIR) +
                                     "/rknnrt-2.1.0/librknnrt.so",
                                 fault_env(""));
  EXPECT_EQ(other.rc, 2) << other.err;
  EXPECT_NE(other.err.find("--resume measures with the stored run's --rknn-lib"), std::string::npos) << other.err;

  const auto r = run_mmbench("run --resume " + out, "env -u MMBENCH_RKNN_LIB " + fault_env(""));
  ASSERT_EQ(r.rc, 0) << r.err;
  const Store store = Store::open(out + "/results.db", false);
  int npu = 0;
  for (const auto& rec : store.records()) {
    if (rec.key.backend != "rknpu:matmul" || rec.key.problem.dtype != DType::f16) continue;
    ++npu;
    EXPECT_TRUE(is_success(rec.status)) << rec.reason;
    EXPECT_NE(rec.version.find("1.6.0"), std::string::npos) << rec.version;
  }
  EXPECT_EQ(npu, 8);
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].plan["backend_options"]["rknn_lib"], lib);
  EXPECT_EQ(runs[1].plan["probe_roofs"], false) << "the first run's --no-probe was forgotten";
  // Nothing missing: the outputs are rendered again, and no empty run is added.
  const auto again = run_mmbench("run --resume " + out, fault_env(""));
  ASSERT_EQ(again.rc, 0) << again.err;
  EXPECT_NE(again.err.find("nothing to measure"), std::string::npos) << again.err;
  EXPECT_EQ(Store::open(out + "/results.db", false).runs().size(), 2u);
}
