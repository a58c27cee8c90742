// The store conformance suite: the same cases against every engine (SQLite always; PostgreSQL on the test cluster),
// through the one Store interface the commands use. What a store must do: keep records and runs unchanged, give a
// run the same uuid wherever it is copied, and never duplicate a point or a run when the same one is added again.
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "mmbench/error.hpp"
#include "mmbench/record_columns.hpp"
#include "mmbench/record_json.hpp"
#include "mmbench/store.hpp"
#include "mmbench/store_url.hpp"
#include "pg_server.hpp"

using namespace mmbench;
using namespace mmbench::store_test;

namespace {

Record point(int64_t size, int round = 1) {
  Record r;
  r.key = {"cblas:openblas", {size, size, size, DType::f32}, Mode::hot, 2};
  r.status = Status::ok;
  r.samples_s = {1e-3 * static_cast<double>(size), 1.1e-3, 0.9e-3};
  r.summary = summarize(r.samples_s);
  r.gflops = 4.25;
  r.max_rel_err = 1e-7;
  r.library = "OpenBLAS";
  r.version = "0.3.21";
  r.round = round;
  r.seed = 42;
  return r;
}

nlohmann::json environment(const std::string& label) {
  return {{"started_at", "2026-11-29T10:00:00Z"},
          {"hostname", "host"},
          {"cpu_model", "Test CPU"},
          {"machine", {{"id", "id-" + label}, {"label", label}, {"fingerprint", "f00d"}}}};
}

class StoreConformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string name = std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()).substr(0, 20);
    std::string db;
    for (char c : name) db += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
    if (GetParam() == "postgresql") {
      if (!have_postgresql()) GTEST_SKIP() << kNoPostgresql;
      url_ = url_for(fresh_database("conf_" + db));
      other_url_ = url_for(fresh_database("confb_" + db));
    } else {
      const auto dir = std::filesystem::temp_directory_path() / ("mmbench-conf-" + std::to_string(getpid()));
      std::filesystem::create_directories(dir);
      std::filesystem::remove(dir / (db + ".db"));
      std::filesystem::remove(dir / (db + "-b.db"));
      url_ = "sqlite:" + (dir / (db + ".db")).string();
      other_url_ = "sqlite:" + (dir / (db + "-b.db")).string();
    }
  }
  Store open(const std::string& url) const { return Store::open(parse_store_url(url), true); }
  std::string url_, other_url_;
};

TEST_P(StoreConformance, KeepsRunsAndRecordsUnchanged) {
  Record r = point(256);
  r.status = Status::noisy;
  r.reason = "budget, with \"quotes\" and 'apostrophes'; DROP TABLE results; --";
  r.phases_s = {{"prepare", 0.5}};
  r.seed = std::numeric_limits<uint64_t>::max();  // beyond a signed 64-bit column
  {
    Store s = open(url_);
    const auto id = s.begin_run({{"spec", {{"x", 1}}}}, environment("board-a"), {"a warning"});
    s.add(id, r);
  }
  const Store s = open(url_);
  const auto recs = s.records();
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].key, r.key);
  EXPECT_EQ(recs[0].status, Status::noisy);
  EXPECT_EQ(recs[0].reason, r.reason);
  EXPECT_EQ(recs[0].samples_s, r.samples_s);
  EXPECT_DOUBLE_EQ(recs[0].summary.median, r.summary.median);
  EXPECT_EQ(recs[0].phases_s, r.phases_s);
  EXPECT_EQ(recs[0].seed, r.seed);
  const auto run = s.last_run();
  ASSERT_TRUE(run);
  EXPECT_EQ(run->environment["cpu_model"], "Test CPU");
  EXPECT_EQ(run->plan["spec"]["x"], 1);
  EXPECT_EQ(run->warnings, std::vector<std::string>{"a warning"});
  EXPECT_EQ(run->machine_label(), "board-a");
  EXPECT_EQ(run->uuid.size(), 36u) << run->uuid;
  EXPECT_EQ(s.records(run->id).size(), 1u);
  EXPECT_EQ(s.count_records(run->id), 1u);
}

TEST_P(StoreConformance, TheSamePointTwiceInARunIsKeptOnce) {
  Store s = open(url_);
  const auto id = s.begin_run({}, environment("a"), {});
  s.add(id, point(64));
  s.add(id, point(64));     // the same point and round: kept once
  s.add(id, point(64, 2));  // another round of it: a point of its own
  EXPECT_EQ(s.add_all(id, {point(64), point(128)}), 1u);
  EXPECT_EQ(s.records(id).size(), 3u);
}

TEST_P(StoreConformance, ARunCopiedTwiceIsOneRunWithTheSameUuid) {
  Store from = open(url_);
  const auto id = from.begin_run({{"spec", {}}}, environment("board-a"), {});
  for (int64_t n : {64, 128, 192}) from.add(id, point(n));
  const RunInfo run = *from.last_run();
  Store to = open(other_url_);
  EXPECT_EQ(from.copy_run(run, to), 3u);
  from.add(id, point(256));  // the run went on (a resumed run copied again)
  EXPECT_EQ(from.copy_run(*from.last_run(), to), 1u);
  EXPECT_EQ(from.copy_run(*from.last_run(), to), 0u);
  const auto runs = to.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].uuid, run.uuid);
  EXPECT_EQ(to.records().size(), 4u);
  EXPECT_EQ(to.begin_run({}, environment("board-a"), {}, run.uuid), runs[0].id);  // the same run again
}

TEST_P(StoreConformance, MachinesAreSummarisedByLabel) {
  Store s = open(url_);
  for (const char* label : {"rk3588-a", "pi5", "rk3588-a"}) {
    const auto id = s.begin_run({}, environment(label), {});
    s.add(id, point(64));
    s.add(id, point(128));
  }
  const auto ms = summarize_machines(s);
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].label, "rk3588-a");
  EXPECT_EQ(ms[0].runs, 2);
  EXPECT_EQ(ms[0].records, 4);
  EXPECT_EQ(ms[0].fingerprint, "f00d");
  EXPECT_EQ(ms[1].label, "pi5");
  EXPECT_EQ(ms[1].runs, 1);
}

// Eight writers at once, each with its own connection (as eight boards), 50 points each: every point once.
TEST_P(StoreConformance, EightConcurrentWritersStoreEveryPointOnce) {
  open(url_);  // the schema, made once (the engines also make it safely when writers race: see the fleet test)
  std::vector<std::thread> writers;
  std::vector<std::string> errors(8);
  for (int w = 0; w < 8; ++w)
    writers.emplace_back([&, w] {
      try {
        Store s = open(url_);
        const auto id = s.begin_run({}, environment("board-" + std::to_string(w)), {});
        for (int64_t n = 1; n <= 50; ++n) s.add(id, point(n));
      } catch (const std::exception& e) {
        errors[static_cast<size_t>(w)] = e.what();
      }
    });
  for (auto& t : writers) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  const Store s = open(url_);
  EXPECT_EQ(s.runs().size(), 8u);
  EXPECT_EQ(s.records().size(), 400u);
  for (const auto& m : summarize_machines(s)) EXPECT_EQ(m.records, 50) << m.label;
}

// A store written before runs had uuids (schema 5): read as it is (never changed by reading), each run with a
// uuid derived from its contents, so pushing it any number of times makes one run; its next run migrates it.
TEST_P(StoreConformance, AStoreOfSchemaFiveIsCopiedOnceHoweverOftenAndMigratedByItsNextRun) {
  const auto dir = std::filesystem::temp_directory_path() / ("mmbench-conf-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string old = (dir / "schema5.db").string();
  std::filesystem::remove(old);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(old.c_str(), &db), SQLITE_OK);
    std::string columns;
    for (const auto& c : record_columns()) columns += fmt::format(", {} {}", c.name, c.sql_type());
    std::string sql =
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE runs(id INTEGER PRIMARY KEY, started_at TEXT, plan TEXT, environment TEXT, "
        "warnings TEXT);"
        "CREATE TABLE results(id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES runs(id)" +
        columns + ", record TEXT);";
    sql += "INSERT INTO meta VALUES('schema_version', '5');";
    sql += "INSERT INTO runs(started_at, plan, environment, warnings) VALUES('2026-11-01T00:00:00Z', '{}', '" +
           environment("old-board").dump() + "', '[]');";
    for (int64_t n : {8, 16, 24})
      sql += "INSERT INTO results(run_id, backend, record) VALUES(1, 'cblas:openblas', '" + to_json(point(n)).dump() +
             "');";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  const auto size_before = std::filesystem::file_size(old);
  Store to = open(url_);
  {
    const Store from = Store::open(old, false);
    const auto runs = from.runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].uuid, Store::open(old, false).runs()[0].uuid);  // derived: the same on every read
    EXPECT_EQ(from.copy_run(runs[0], to), 3u);
    EXPECT_EQ(from.copy_run(runs[0], to), 0u);
  }
  EXPECT_EQ(std::filesystem::file_size(old), size_before);
  EXPECT_EQ(to.runs().size(), 1u);
  EXPECT_EQ(to.records().size(), 3u);
  EXPECT_EQ(to.runs()[0].machine_label(), "old-board");
  {
    Store s = Store::open(old, false);
    s.add(s.begin_run({}, environment("old-board"), {}), point(32));  // the next run: schema 6
    const auto runs = s.runs();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(s.copy_run(runs[0], to), 0u);  // the first run keeps its derived uuid after the migration
    EXPECT_EQ(s.copy_run(runs[1], to), 1u);
  }
  EXPECT_EQ(to.runs().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreConformance, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(StoreUrl, ParsesTheThreeKindsAndRedactsPasswords) {
  EXPECT_EQ(parse_store_url("out").path, "out/results.db");
  EXPECT_EQ(parse_store_url("sqlite:/tmp/x.db").path, "/tmp/x.db");
  EXPECT_EQ(parse_store_url("postgresql://u@h/db").engine, StoreUrl::Engine::postgresql);
  EXPECT_EQ(parse_store_url("postgresql:").conninfo, "");
  EXPECT_THROW(parse_store_url("mysql://u@h/db"), UsageError);
  EXPECT_THROW(parse_store_url(""), UsageError);
  EXPECT_EQ(parse_store_url("postgresql://mmb:s3cret@db.lab:5432/bench").redacted(),
            "postgresql://mmb:***@db.lab:5432/bench");
  EXPECT_EQ(redact_passwords("cannot open postgres://a:p@ss:w@h/db?sslmode=require&password=x2 now"),
            "cannot open postgres://a:***@h/db?sslmode=require&password=*** now");
  EXPECT_EQ(redact_passwords("postgresql://user@host/db"), "postgresql://user@host/db");
  try {
    parse_store_url("mysql://u:hunter2@h/db");
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
  }
}

}  // namespace
