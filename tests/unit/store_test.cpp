// The SQLite store: records survive a reopen unchanged; a file that is not a store is refused with a clear error.
#include "mmbench/store.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "mmbench/error.hpp"

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
  r.key = {"cblas:openblas", {256, 128, 64, DType::f64}, Mode::hot, 2};
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

// A store whose creation never committed (a run killed at its first write, or a 0-byte file) has no table: a new
// run makes it afresh, and reading it says what happened instead of "no schema_version".
TEST(Store, AnEmptyFileIsMadeAfreshOrRefusedWithItsStory) {
  const auto path = temp_path("empty.db");
  std::ofstream{path};  // 0 bytes, as a kill before SQLite's first page leaves it
  try {
    Store::open(path, false);
    ADD_FAILURE() << "an empty store was read";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("stopped before its first write"), std::string::npos) << e.what();
  }
  Store s = Store::open(path, true);
  EXPECT_TRUE(s.runs().empty());
  EXPECT_NO_THROW(Store::open(path, false));  // now a store with its schema
}

// A store written before the device became a type (schema 1: device one string, no backend options in the plan)
// still reads: the device is split into identity and state, the plan has no backend options; the first new run
// marks the store as schema 2.
TEST(Store, ReadsSchemaOneAndMigratesOnWrite) {
  const auto path = temp_path("v1.db");
  {
    Store s = Store::open(path, true);
    const auto id = s.begin_run({{"spec", {{"x", 1}}}}, nlohmann::json::object(), {});
    Record r;
    r.key = {"cuda:cublas", {64, 64, 64, DType::f32}, Mode::hot, 1};
    r.status = Status::ok;
    s.add(id, r);
  }
  const std::string legacy =
      R"({"backend":"cuda:cublas","dtype":"f32","m":64,"n":64,"k":64,"mode":"cold","threads":1,"status":"ok",)"
      R"("device":"NVIDIA H100 80GB HBM3 (sm_90, 132 SMs); SM clock 1980 -> 1410 MHz over the point"})";
  const auto schema_version = [&path] {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='schema_version'", -1, &q, nullptr);
    std::string v = sqlite3_step(q) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(q, 0)) : "";
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
  };
  {  // what mmbench 0.1 left on disk, written with SQLite itself
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const std::string sql =
        "UPDATE meta SET value='1' WHERE key='schema_version'; UPDATE results SET record='" + legacy + "';";
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  {
    Store s = Store::open(path, false);
    const auto recs = s.records();
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].key.mode, Mode::cold);
    EXPECT_EQ(recs[0].device.kind, DeviceKind::gpu);
    EXPECT_EQ(recs[0].device.name, "NVIDIA H100 80GB HBM3");
    ASSERT_TRUE(recs[0].device_state.count("legacy"));
    EXPECT_NE(recs[0].device_state.at("legacy").text.find("SM clock 1980 -> 1410"), std::string::npos);
    EXPECT_EQ(schema_version(), "1");  // reading never changes the file
    s.begin_run({{"spec", {{"x", 1}}}}, nlohmann::json::object(), {});
  }
  EXPECT_EQ(schema_version(), std::to_string(kSchemaVersion));
}
