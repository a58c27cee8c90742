// One writer per output folder: a second run or a --resume into a folder that a run is writing is refused (exit 2,
// one line naming the folder and the holder's pid) and the first run's store is untouched; after a kill -9 the
// lock is gone and --resume completes. Quick runs within one second keep every earlier store.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "mmbench/store.hpp"

using namespace mmbench;
using namespace mmbench::e2e;

namespace {
size_t stored(const std::string& out) {
  try {
    if (std::filesystem::exists(out + "/results.db")) return Store::open(out + "/results.db", false).records().size();
  } catch (const std::exception&) {  // created but not initialised yet
  }
  return 0;
}
}  // namespace

TEST(StoreLock, SecondWriterIsRefusedAndKillReleases) {
  const std::string out = fresh_dir("locked");
  const std::string pidfile = out + ".pid";
  const std::string cmd = fault_env("slow@8") + " " + MMB_BIN +
                          " run --no-probe --backend test:fault -M 8 -N 8 -K 8:12 --budget 5 -o " + out +
                          " >/dev/null 2>&1 & echo $! > " + pidfile;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const pid_t pid = std::stoi(read_file(pidfile));
  for (int i = 0; i < 300 && stored(out) < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_GE(stored(out), 1u) << "the first run did not commit a point in 30 s";

  const std::string holder = "is being written by another mmbench (pid " + std::to_string(pid) + ")";
  const auto second = run_mmbench("run --no-probe -b reference --size 8 --budget 0.01 -q -o " + out);
  EXPECT_EQ(second.rc, 2) << second.err;
  EXPECT_NE(second.err.find(holder), std::string::npos) << second.err;
  EXPECT_NE(second.err.find(out), std::string::npos) << second.err;
  EXPECT_EQ(std::count(second.err.begin(), second.err.end(), '\n'), 1) << second.err;
  const auto resume = run_mmbench("run --no-probe --resume " + out, fault_env(""));
  EXPECT_EQ(resume.rc, 2) << resume.err;
  EXPECT_NE(resume.err.find(holder), std::string::npos) << resume.err;
  EXPECT_FALSE(std::filesystem::exists(out + "/results.csv")) << "a refused writer rendered into the folder";

  ASSERT_EQ(kill(pid, SIGKILL), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const size_t committed = stored(out);
  ASSERT_LT(committed, 5u) << "the run finished before it was killed";
  const auto after = run_mmbench("run --no-probe --resume " + out, fault_env(""));
  ASSERT_EQ(after.rc, 0) << after.err;
  EXPECT_EQ(stored(out), 5u);
}

TEST(StoreLock, RunsWithinOneSecondKeepEveryEarlierStore) {
  const std::string out = fresh_dir("archives");
  for (int seed = 1; seed <= 4; ++seed) {
    const auto r = run_mmbench("run -b reference --size 8 --no-probe --budget 0.01 -q --no-charts --seed " +
                               std::to_string(seed) + " -o " + out);
    ASSERT_EQ(r.rc, 0) << r.err;
  }
  std::set<uint64_t> seeds;
  int stores = 0;
  for (const auto& f : std::filesystem::directory_iterator(out))
    if (f.path().extension() == ".db") {
      ++stores;
      for (const auto& rec : Store::open(f.path().string(), false).records()) seeds.insert(rec.seed);
    }
  EXPECT_EQ(stores, 4);
  EXPECT_EQ(seeds, (std::set<uint64_t>{1, 2, 3, 4}));
}

// Ctrl-C (SIGINT) and SIGTERM: the worker in flight is killed, what was committed stays, the interrupted point is
// not stored, the CLI names the --resume command and exits 128 + signal; --resume then completes the plan.
TEST(Interruption, SignalStopsTheRunKeepsTheStoreAndNamesResume) {
  for (const int sig : {SIGINT, SIGTERM}) {
    const std::string out = fresh_dir(sig == SIGINT ? "sigint" : "sigterm");
    const std::string run = fault_env("slow@8") + " " + MMB_BIN +
                            " run --no-probe --backend test:fault -M 8 -N 8 -K 8:12 --budget 5 -o " + out;
    const std::string cmd = "sh -c '" + run + " 2>" + out + ".err & p=$!; echo $p > " + out +
                            ".pid; wait $p; echo $? > " + out + ".rc' >/dev/null 2>&1 &";
    // fresh_dir empties `out`, not these files beside it: one left by an earlier test process with the same pid
    // would be read at once, and its stale pid (by now any process of the machine's) be signalled.
    for (const char* ext : {".pid", ".rc", ".err"}) std::filesystem::remove(out + ext);
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    for (int i = 0; i < 50 && !std::filesystem::exists(out + ".pid"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const pid_t pid = std::stoi(read_file(out + ".pid"));
    for (int i = 0; i < 300 && stored(out) < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_GE(stored(out), 1u);
    ASSERT_EQ(kill(pid, sig), 0);
    for (int i = 0; i < 100 && !std::filesystem::exists(out + ".rc"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(std::filesystem::exists(out + ".rc")) << "the run did not stop within 10 s of the signal";
    EXPECT_EQ(std::stoi(read_file(out + ".rc")), 128 + sig);
    const std::string err = read_file(out + ".err");
    EXPECT_NE(err.find("continue with: mmbench run --resume " + out), std::string::npos) << err;
    const size_t kept = stored(out);
    EXPECT_NE(err.find(std::to_string(kept) + " point"), std::string::npos) << err;
    for (const auto& r : Store::open(out + "/results.db", false).records())
      EXPECT_EQ(r.reason.find("interrupted"), std::string::npos) << "the interrupted point was stored";
    const auto after = run_mmbench("run --no-probe --resume " + out, fault_env(""));
    ASSERT_EQ(after.rc, 0) << after.err;
    EXPECT_EQ(stored(out), 5u);
  }
}

// A lock file planted as a symlink is refused, and what it points to is left as it was (issue 28).
TEST(StoreLock, ALockFileThatIsASymlinkIsRefusedAndItsTargetUntouched) {
  const std::string out = fresh_dir("lock-symlink");
  std::filesystem::create_directories(out);
  const std::string victim = fresh_dir("lock-victim") + ".txt";
  std::ofstream(victim) << "precious\n";
  std::filesystem::create_symlink(victim, out + "/.mmbench.lock");
  const auto r = run_mmbench("run --no-probe -b reference --size 8 --budget 0.01 -q -o " + out);
  EXPECT_EQ(r.rc, 2) << r.err;
  EXPECT_NE(r.err.find("is a symbolic link"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(victim), "precious\n");
}
