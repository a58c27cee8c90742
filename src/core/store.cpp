// The SQLite store. Each record is one INSERT in autocommit mode: SQLite makes it durable before returning, so
// kill -9 of the run loses at most the point in flight. Queryable columns for people with sqlite3; the full record
// as JSON for mmbench itself (fields can be added without a migration).
#include "mmbench/store.hpp"

#include <filesystem>
#include <sqlite3.h>

#include "mmbench/error.hpp"
#include "mmbench/record_json.hpp"

namespace mmbench {
namespace {

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY, started_at TEXT, plan TEXT, environment TEXT,
                                warnings TEXT);
CREATE TABLE IF NOT EXISTS results(id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES runs(id), backend TEXT,
  dtype TEXT, m INTEGER, n INTEGER, k INTEGER, mode TEXT, threads INTEGER, status TEXT, reason TEXT,
  median_s REAL, min_s REAL, samples INTEGER, gflops REAL, max_rel_err REAL, finished_at TEXT, record TEXT);
)sql";

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) != SQLITE_OK) throw Error(sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(st_); }
  Statement& bind(int i, const std::string& s) {
    sqlite3_bind_text(st_, i, s.c_str(), -1, SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Statement& bind(int i, double v) {
    sqlite3_bind_double(st_, i, v);
    return *this;
  }
  bool step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw Error(sqlite3_errmsg(db_));
  }
  std::string text(int i) const {
    auto p = sqlite3_column_text(st_, i);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  int64_t integer(int i) const { return sqlite3_column_int64(st_, i); }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "unknown error";
    sqlite3_free(msg);
    throw Error(m);
  }
}

RunInfo run_from_row(const Statement& s) {
  RunInfo r;
  r.id = s.integer(0);
  r.started_at = s.text(1);
  r.plan = nlohmann::json::parse(s.text(2), nullptr, false);
  r.environment = nlohmann::json::parse(s.text(3), nullptr, false);
  auto w = nlohmann::json::parse(s.text(4), nullptr, false);
  if (w.is_array()) r.warnings = w.get<std::vector<std::string>>();
  return r;
}

}  // namespace

Store Store::open(const std::string& path, bool create) {
  const bool exists = std::filesystem::exists(path);
  if (!exists && !create) throw UsageError("no store at '" + path + "' (expected an mmbench results.db)");
  Store s;
  s.path_ = path;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &s.db_, flags, nullptr) != SQLITE_OK)
    throw UsageError("cannot open store '" + path + "': " + sqlite3_errmsg(s.db_));
  sqlite3_busy_timeout(s.db_, 5000);
  try {
    exec(s.db_, "PRAGMA synchronous=FULL;");
    if (exists) {
      Statement q(s.db_, "SELECT value FROM meta WHERE key='schema_version'");
      if (!q.step()) throw Error("no schema_version");
      const auto v = std::stoi(q.text(0));
      if (v > kSchemaVersion)
        throw Error("schema version " + std::to_string(v) + " is newer than this mmbench understands");
    } else {
      exec(s.db_, kSchema);
      Statement(s.db_, "INSERT INTO meta(key, value) VALUES('schema_version', ?)")
          .bind(1, std::to_string(kSchemaVersion))
          .step();
      Statement(s.db_, "INSERT INTO meta(key, value) VALUES('generator', ?)").bind(1, std::string("mmbench")).step();
    }
  } catch (const std::exception& e) {
    throw UsageError("'" + path + "' is not a usable mmbench store: " + e.what());
  }
  return s;
}

Store::Store(Store&& o) noexcept : db_(o.db_), path_(std::move(o.path_)) { o.db_ = nullptr; }
Store& Store::operator=(Store&& o) noexcept {
  std::swap(db_, o.db_);
  std::swap(path_, o.path_);
  return *this;
}
Store::~Store() {
  if (db_) sqlite3_close(db_);
}

int64_t Store::begin_run(const nlohmann::json& plan, const nlohmann::json& environment,
                         const std::vector<std::string>& warnings) {
  // A resumed older store now also holds records of this version: readers need at least this version.
  Statement(db_, "UPDATE meta SET value = ? WHERE key = 'schema_version'").bind(1, std::to_string(kSchemaVersion)).step();
  Statement(db_, "INSERT INTO runs(started_at, plan, environment, warnings) VALUES(?, ?, ?, ?)")
      .bind(1, environment.value("started_at", std::string()))
      .bind(2, plan.dump())
      .bind(3, environment.dump())
      .bind(4, nlohmann::json(warnings).dump())
      .step();
  return sqlite3_last_insert_rowid(db_);
}

void Store::add(int64_t run_id, const Record& r) {
  Statement(db_,
            "INSERT INTO results(run_id, backend, dtype, m, n, k, mode, threads, status, reason, median_s, min_s, "
            "samples, gflops, max_rel_err, finished_at, record) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, run_id)
      .bind(2, r.key.backend)
      .bind(3, std::string(to_string(r.key.problem.dtype)))
      .bind(4, r.key.problem.m)
      .bind(5, r.key.problem.n)
      .bind(6, r.key.problem.k)
      .bind(7, std::string(to_string(r.key.mode)))
      .bind(8, int64_t{r.key.threads})
      .bind(9, std::string(to_string(r.status)))
      .bind(10, r.reason)
      .bind(11, r.summary.median)
      .bind(12, r.summary.min)
      .bind(13, static_cast<int64_t>(r.summary.n))
      .bind(14, r.gflops)
      .bind(15, r.max_rel_err)
      .bind(16, r.finished_at)
      .bind(17, to_json(r).dump())
      .step();
}

std::vector<RunInfo> Store::runs() const {
  std::vector<RunInfo> out;
  Statement q(db_, "SELECT id, started_at, plan, environment, warnings FROM runs ORDER BY id");
  while (q.step()) out.push_back(run_from_row(q));
  return out;
}

std::optional<RunInfo> Store::last_run() const {
  auto all = runs();
  if (all.empty()) return std::nullopt;
  return all.back();
}

std::vector<Record> Store::records() const {
  std::vector<Record> out;
  Statement q(db_, "SELECT record FROM results ORDER BY id");
  while (q.step()) out.push_back(record_from_json(nlohmann::json::parse(q.text(0))));
  return out;
}

}  // namespace mmbench
