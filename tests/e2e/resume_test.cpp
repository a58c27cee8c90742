// kill -9 of a whole run loses nothing already committed, and `run --resume` measures only what is missing.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

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
      if (std::filesystem::exists(out + "/results.db")) before = Store::open(out + "/results.db", false).records().size();
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
