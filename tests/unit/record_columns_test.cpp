// The column table: the CSV's header and rows and the store's results table all follow record_columns(); the CSV
// is byte-identical to what it was before the table existed; a record round-trips through the store; an older
// store gets the new columns on its next run and never on a read.
#include "mmbench/record_columns.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "mmbench/record_json.hpp"
#include "mmbench/sinks.hpp"
#include "mmbench/store.hpp"

using namespace mmbench;

namespace {

std::string temp_path(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("mmbench-columns-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::filesystem::remove(p);
  return p.string();
}

Record full_record() {
  Record r;
  r.key = {"cblas:openblas", {256, 128, 64, DType::f64}, Mode::cold, 4};
  r.status = Status::noisy;
  r.reason = "spread 3.1%, over \"the\" limit";
  r.notes = {"clock dropped"};
  r.threads_used = 3;
  r.samples_s = {1.0e-3, 1.1e-3, 0.9e-3, 1.05e-3, 0.95e-3, 1.2e-3};
  r.device_samples_s = {0.9e-3};
  r.batch = 7;
  r.cold_copies = 2;
  r.summary = summarize(r.samples_s);
  r.gflops = r.key.problem.flops() / r.summary.median * 1e-9;
  r.gbs = 1.23456789;
  r.max_rel_err = 1.234567e-15, r.mean_rel_err = 2.5e-16;
  r.phases_s = {{"prepare", 0.5}, {"verify", 0.25}};
  r.library = "OpenBLAS";
  r.version = "0.3.21, pthreads";
  r.device_state = {{"governor", reading_text("performance")}};
  r.seed = 18446744073709551557ULL;  // beyond int64: the CSV prints it whole
  r.peak_rss_bytes = 123456789;
  r.wall_s = 1.5;
  r.finished_at = "2026-11-28T12:00:00Z";
  return r;
}

// The CSV line as csv.cpp wrote it before the column table existed, plus the cpus column of schema 4 (scripts parse
// it: columns are only ever added).
std::string csv_line_before_the_table(const Record& r) {
  auto quoted = [](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  const Summary& s = r.summary;
  return fmt::format(
      "{},{},{},{},{},{},{},{},{},{},{},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{},{},{:.6g},"
      "{:.6g},{:.3g},{:.3g},{},{},{},{},{},{},{}\n",
      quoted(r.key.backend), to_string(r.key.problem.dtype), r.key.problem.m, r.key.problem.n, r.key.problem.k,
      to_string(r.key.mode), r.key.threads, r.threads_used, quoted(r.key.cpus), to_string(r.status), quoted(r.reason),
      s.median, s.min, s.mean, s.stdev, s.mad, s.ci_low, s.ci_high, s.n, r.batch, r.gflops, r.gbs, r.max_rel_err,
      r.mean_rel_err, quoted(r.library), quoted(r.version), quoted(r.device.text()), r.seed, r.peak_rss_bytes,
      r.finished_at, r.round);  // round: schema 5 (--repeat), the one column added after the table, appended
}

struct Db {
  sqlite3* db = nullptr;
  explicit Db(const std::string& path) { sqlite3_open(path.c_str(), &db); }
  ~Db() { sqlite3_close(db); }
  void exec(const std::string& sql) { ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK); }
  // The results table's columns as "name TYPE".
  std::vector<std::string> columns() {
    std::vector<std::string> out;
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, "SELECT name, type FROM pragma_table_info('results')", -1, &q, nullptr);
    while (sqlite3_step(q) == SQLITE_ROW)
      out.push_back(fmt::format("{} {}", reinterpret_cast<const char*>(sqlite3_column_text(q, 0)),
                                reinterpret_cast<const char*>(sqlite3_column_text(q, 1))));
    sqlite3_finalize(q);
    return out;
  }
  std::string text(const std::string& sql) {
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr);
    std::string v = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0)
                        ? reinterpret_cast<const char*>(sqlite3_column_text(q, 0))
                        : "NULL";
    sqlite3_finalize(q);
    return v;
  }
};

std::vector<std::string> expected_store_columns() {
  std::vector<std::string> v{"id INTEGER", "run_id INTEGER"};
  for (const auto& c : record_columns()) v.push_back(fmt::format("{} {}", c.name, c.sql_type()));
  v.push_back("record TEXT");
  v.push_back("point TEXT");
  return v;
}

}  // namespace

TEST(RecordColumns, CsvIsUnchangedByTheTable) {
  Report rep;
  rep.records = {full_record(), failed_record({"eigen", {1, 4096, 11008, DType::f32}}, "crashed: signal 11")};
  std::ostringstream os;
  write_csv(os, rep);
  const std::string header =
      "backend,dtype,m,n,k,mode,threads,threads_used,cpus,status,reason,median_s,min_s,mean_s,stdev_s,mad_s,"
      "ci95_low_s,ci95_high_s,samples,batch,gflops,gbs,max_rel_err,mean_rel_err,library,version,device,seed,"
      "peak_rss_bytes,finished_at,round\n";
  EXPECT_EQ(os.str(), header + csv_line_before_the_table(rep.records[0]) + csv_line_before_the_table(rep.records[1]));
  std::string names;
  for (const auto& c : record_columns()) names += (names.empty() ? "" : ",") + std::string(c.name);
  EXPECT_EQ(names + "\n", header);
}

TEST(RecordColumns, TypesFollowTheValues) {
  const Record r = full_record();
  for (const auto& c : record_columns()) {
    const auto v = c.value(r);
    const std::string_view want = std::holds_alternative<double>(v)        ? "REAL"
                                  : std::holds_alternative<std::string>(v) ? "TEXT"
                                                                           : "INTEGER";
    EXPECT_EQ(c.sql_type(), want) << c.name;
    EXPECT_EQ(c.csv_digits > 0, std::holds_alternative<double>(v)) << c.name << ": reals, and only reals, have digits";
  }
}

TEST(RecordColumns, StoreTableAndRowFollowTheColumns) {
  const auto path = temp_path("columns.db");
  const Record r = full_record();
  {
    Store s = Store::open(path, true);
    s.add(s.begin_run({{"spec", nlohmann::json::object()}}, nlohmann::json::object(), {}), r);
  }
  Db db(path);
  EXPECT_EQ(db.columns(), expected_store_columns());
  for (const auto& c : record_columns()) {
    const std::string stored = db.text(fmt::format("SELECT {} FROM results", c.name));
    const std::string want = std::visit(
        [](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, double>)
            return fmt::format("{:.15g}", x);
          else if constexpr (std::is_same_v<T, uint64_t>)
            return fmt::format("{:.15g}", static_cast<double>(x));
          else
            return fmt::format("{}", x);
        },
        c.value(r));
    const bool real = c.sql_type() == "REAL" || c.name == "seed";  // the seed is beyond int64: a REAL
    EXPECT_EQ(real ? fmt::format("{:.15g}", std::stod(stored)) : stored, want) << c.name;
  }
}

TEST(RecordColumns, RecordRoundTripsThroughTheStore) {
  const auto path = temp_path("roundtrip.db");
  Record r = full_record();
  r.seed = 99;
  {
    Store s = Store::open(path, true);
    s.add(s.begin_run({{"spec", nlohmann::json::object()}}, nlohmann::json::object(), {}), r);
  }
  const auto recs = Store::open(path, false).records();
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(to_json(recs[0]), to_json(r));
}

// A schema-2 store (15 queryable columns) reads as it is; its next run adds the missing columns, marks it 3, and
// both the old row and the new one read back.
TEST(RecordColumns, OlderStoreGetsTheColumnsOnItsNextRunOnly) {
  const auto path = temp_path("v2.db");
  Record old = full_record();
  old.seed = 1;
  {
    Db db(path);
    db.exec(R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs(id INTEGER PRIMARY KEY, started_at TEXT, plan TEXT, environment TEXT, warnings TEXT);
CREATE TABLE results(id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES runs(id), backend TEXT,
  dtype TEXT, m INTEGER, n INTEGER, k INTEGER, mode TEXT, threads INTEGER, status TEXT, reason TEXT,
  median_s REAL, min_s REAL, samples INTEGER, gflops REAL, max_rel_err REAL, finished_at TEXT, record TEXT);
INSERT INTO meta VALUES('schema_version', '2'), ('generator', 'mmbench');
INSERT INTO runs(started_at, plan, environment, warnings) VALUES('', '{}', '{}', '[]');
)sql");
    db.exec("INSERT INTO results(run_id, backend, record) VALUES(1, 'cblas:openblas', '" + to_json(old).dump() + "')");
  }
  const auto before = Db(path).columns();
  {
    Store s = Store::open(path, false);
    ASSERT_EQ(s.records().size(), 1u);
    s.runs();
  }
  EXPECT_EQ(Db(path).columns(), before);  // reading never changes a store
  EXPECT_EQ(Db(path).text("SELECT value FROM meta WHERE key='schema_version'"), "2");

  Record next = full_record();
  next.key.threads = 8, next.seed = 2;
  {
    Store s = Store::open(path, false);
    s.add(s.begin_run({{"spec", nlohmann::json::object()}}, nlohmann::json::object(), {}), next);
  }
  Db db(path);
  EXPECT_EQ(db.text("SELECT value FROM meta WHERE key='schema_version'"), std::to_string(kSchemaVersion));
  auto cols = db.columns(), want = expected_store_columns();
  std::sort(cols.begin(), cols.end()), std::sort(want.begin(), want.end());  // added columns come after `record`
  EXPECT_EQ(cols, want);
  EXPECT_EQ(db.text("SELECT threads_used FROM results WHERE id = 2"), "3");
  EXPECT_EQ(db.text("SELECT threads_used FROM results WHERE id = 1"), "NULL");  // its record JSON has it
  const auto recs = Store::open(path, false).records();
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(to_json(recs[0]), to_json(old));
  EXPECT_EQ(to_json(recs[1]), to_json(next));
}
