// The SQLite store: records survive a reopen unchanged; a file that is not a store is refused with a clear error.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mmbench/error.hpp"
#include "mmbench/store.hpp"

using namespace mmbench;

namespace {
std::string temp_path(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("mmbench-store-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::filesystem::remove(p);
  return p.string();
}
}  // namespace

TEST(Store, RoundTrip) {
  const auto path = temp_path("rt.db");
  Record r;
  r.key = {"cblas:openblas", {256, 128, 64, DType::f64}, "hot", 2};
  r.status = Status::noisy;
  r.reason = "budget, with \"quotes\"";
  r.samples_s = {1e-3, 1.1e-3, 0.9e-3};
  r.summary = summarize(r.samples_s);
  r.gflops = 4.2;
  r.max_rel_err = 1e-15;
  r.phases_s = {{"prepare", 0.5}};
  r.library = "OpenBLAS";
  r.seed = 99;
  {
    Store s = Store::open(path, true);
    const auto id = s.begin_run({{"spec", {{"x", 1}}}}, {{"cpu_model", "test"}}, {"a warning"});
    s.add(id, r);
  }
  Store s = Store::open(path, false);
  const auto recs = s.records();
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].key, r.key);
  EXPECT_EQ(recs[0].status, Status::noisy);
  EXPECT_EQ(recs[0].reason, r.reason);
  EXPECT_EQ(recs[0].samples_s, r.samples_s);
  EXPECT_DOUBLE_EQ(recs[0].summary.median, r.summary.median);
  EXPECT_EQ(recs[0].phases_s, r.phases_s);
  EXPECT_EQ(recs[0].seed, 99u);
  const auto run = s.last_run();
  ASSERT_TRUE(run);
  EXPECT_EQ(run->environment["cpu_model"], "test");
  EXPECT_EQ(run->warnings, std::vector<std::string>{"a warning"});
}

TEST(Store, CorruptOrMissingFilesAreUsageErrors) {
  const auto path = temp_path("bad.db");
  std::ofstream(path) << "this is not a database, it is a text file with enough bytes to look like one......";
  EXPECT_THROW(Store::open(path, false), UsageError);
  EXPECT_THROW(Store::open(temp_path("missing.db"), false), UsageError);
}
