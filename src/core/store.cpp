// The SQLite store. Each record is one INSERT in autocommit mode: SQLite makes it durable before returning, so
// kill -9 of the run loses at most the point in flight. Queryable columns for people with sqlite3 (the CSV's, from
// record_columns()); the full record as JSON for mmbench itself (fields can be added without a migration).
#include "mmbench/store.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "mmbench/error.hpp"
#include "mmbench/record_columns.hpp"
#include "mmbench/record_json.hpp"

namespace mmbench {
namespace {

std::string schema_sql() {
  std::string columns;
  for (const auto& c : record_columns()) columns += fmt::format(", {} {}", c.name, c.sql_type());
  return "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
         "CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY, started_at TEXT, plan TEXT, environment TEXT, "
         "warnings TEXT);\n"
         "CREATE TABLE IF NOT EXISTS results(id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES runs(id)" +
         columns + ", record TEXT);\n";
}

const std::string& insert_sql() {
  static const std::string sql = [] {
    std::string names, marks;
    for (const auto& c : record_columns()) names += fmt::format("{}, ", c.name), marks += "?, ";
    return "INSERT INTO results(run_id, " + names + "record) VALUES(?, " + marks + "?)";
  }();
  return sql;
}

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
  // SQLite integers are signed: a uint64 beyond int64 (a seed, at most) is kept as the nearest double.
  Statement& bind(int i, uint64_t v) {
    return v <= static_cast<uint64_t>(INT64_MAX) ? bind(i, static_cast<int64_t>(v)) : bind(i, static_cast<double>(v));
  }
  Statement& bind(int i, const ColumnValue& v) {
    return std::visit([&](const auto& x) -> Statement& { return bind(i, x); }, v);
  }
  bool step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw Error(sqlite3_errmsg(db_));
  }
  std::string text(int i) const { return std::string(view(i)); }
  // Valid until the next step(): no copy for text that is parsed at once.
  std::string_view view(int i) const {
    auto p = sqlite3_column_text(st_, i);
    return p ? std::string_view(reinterpret_cast<const char*>(p), sqlite3_column_bytes(st_, i)) : std::string_view();
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

// Brings an older store's results table to this version's columns (schemas 1 and 2 had 15 of them). Rows written
// before keep NULL in the added columns; their record JSON, which mmbench reads, has every value.
void add_missing_columns(sqlite3* db) {
  std::set<std::string, std::less<>> have;
  Statement q(db, "SELECT name FROM pragma_table_info('results')");
  while (q.step()) have.insert(q.text(0));
  for (const auto& c : record_columns())
    if (!have.count(c.name))
      exec(db, fmt::format("ALTER TABLE results ADD COLUMN {} {}", c.name, c.sql_type()).c_str());
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
    // A file with no table at all is a store whose creation never committed (killed at its first write, or made
    // by an older mmbench that created the schema statement by statement): make it afresh.
    bool fresh = !exists;
    if (exists) {
      Statement t(s.db_, "SELECT count(*) FROM sqlite_master");
      fresh = t.step() && t.integer(0) == 0;
      if (fresh && !create)
        throw UsageError("'" + path + "' holds no results: the run that created it stopped before its first " +
                         "write (start again with `mmbench run`)");
    }
    if (!fresh) {
      Statement q(s.db_, "SELECT value FROM meta WHERE key='schema_version'");
      if (!q.step()) throw Error("no schema_version");
      const auto v = std::stoi(q.text(0));
      if (v > kSchemaVersion)
        throw Error("schema version " + std::to_string(v) + " is newer than this mmbench understands");
    } else {
      // One transaction: a store either has its whole schema and version, or no table at all.
      exec(s.db_, "BEGIN IMMEDIATE");
      exec(s.db_, schema_sql().c_str());
      Statement(s.db_, "INSERT INTO meta(key, value) VALUES('schema_version', ?)")
          .bind(1, std::to_string(kSchemaVersion))
          .step();
      Statement(s.db_, "INSERT INTO meta(key, value) VALUES('generator', ?)").bind(1, std::string("mmbench")).step();
      exec(s.db_, "COMMIT");
    }
  } catch (const UsageError&) {
    throw;
  } catch (const std::exception& e) {
    throw UsageError("'" + path + "' is not a usable mmbench store: " + e.what());
  }
  return s;
}

Store::Store(Store&& o) noexcept : db_(o.db_), path_(std::move(o.path_)) {
  o.db_ = nullptr;
}
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
  // A resumed older store now also holds records of this version: readers need at least this version, and its
  // results table gets this version's columns. One transaction: a store is migrated entirely or not at all.
  exec(db_, "BEGIN IMMEDIATE");
  try {
    add_missing_columns(db_);
    Statement(db_, "UPDATE meta SET value = ? WHERE key = 'schema_version'")
        .bind(1, std::to_string(kSchemaVersion))
        .step();
    exec(db_, "COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  Statement(db_, "INSERT INTO runs(started_at, plan, environment, warnings) VALUES(?, ?, ?, ?)")
      .bind(1, environment.value("started_at", std::string()))
      .bind(2, plan.dump())
      .bind(3, environment.dump())
      .bind(4, nlohmann::json(warnings).dump())
      .step();
  return sqlite3_last_insert_rowid(db_);
}

void Store::add(int64_t run_id, const Record& r) {
  Statement insert(db_, insert_sql().c_str());
  int i = 1;
  insert.bind(i++, run_id);
  for (const auto& c : record_columns()) insert.bind(i++, c.value(r));
  insert.bind(i, to_json(r).dump()).step();
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
  Statement count(db_, "SELECT count(*) FROM results");
  if (count.step()) out.reserve(static_cast<size_t>(count.integer(0)));
  Statement q(db_, "SELECT record FROM results ORDER BY id");
  while (q.step()) {
    const std::string_view text = q.view(0);
    out.push_back(record_from_json(nlohmann::json::parse(text.begin(), text.end())));
  }
  return out;
}

std::vector<Record> Store::records(int64_t run_id) const {
  std::vector<Record> out;
  Statement q(db_, "SELECT record FROM results WHERE run_id = ? ORDER BY id");
  q.bind(1, run_id);
  while (q.step()) {
    const std::string_view text = q.view(0);
    out.push_back(record_from_json(nlohmann::json::parse(text.begin(), text.end())));
  }
  return out;
}

}  // namespace mmbench
