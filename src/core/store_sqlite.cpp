// The SQLite engine (<out>/results.db). Each record is one INSERT in autocommit mode: SQLite makes it durable before
// returning, so kill -9 of the run loses at most the point in flight. Queryable columns for people with sqlite3 (the
// CSV's, from record_columns()); the full record as JSON for mmbench itself (fields can be added without a migration).
#include <sqlite3.h>

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "mmbench/error.hpp"
#include "mmbench/record_columns.hpp"
#include "mmbench/record_json.hpp"
#include "store_engine.hpp"

namespace mmbench {
namespace {

// Created after the columns they cover exist (an older store gets them in begin_run's migration).
std::string index_sql() {
  return "CREATE UNIQUE INDEX IF NOT EXISTS runs_uuid ON runs(uuid);\n"
         "CREATE UNIQUE INDEX IF NOT EXISTS results_point ON results(run_id, point);\n";
}

std::string schema_sql() {
  std::string columns;
  for (const auto& c : record_columns()) columns += fmt::format(", {} {}", c.name, c.sql_type());
  return "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
         "CREATE TABLE IF NOT EXISTS machines(id TEXT PRIMARY KEY, label TEXT, fingerprint TEXT, first_seen TEXT);\n"
         "CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY, started_at TEXT, plan TEXT, environment TEXT, "
         "warnings TEXT, uuid TEXT, machine_id TEXT);\n"
         "CREATE TABLE IF NOT EXISTS results(id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES runs(id)" +
         columns + ", record TEXT, point TEXT);\n" + index_sql();
}

const std::string& insert_sql() {
  static const std::string sql = [] {
    std::string names, marks;
    for (const auto& c : record_columns()) names += fmt::format("{}, ", c.name), marks += "?, ";
    return "INSERT INTO results(run_id, " + names + "record, point) VALUES(?, " + marks +
           "?, ?) ON CONFLICT(run_id, point) DO NOTHING";
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

// Brings an older store's tables to this version's columns (schemas 1 and 2 had 15 result columns; runs had no uuid
// before 6). Rows written before keep NULL in the added columns; their record JSON, which mmbench reads, has every
// value, and a run without a uuid reads with a derived one.
void add_missing_columns(sqlite3* db, const char* table, const std::vector<std::pair<std::string, std::string>>& want) {
  std::set<std::string, std::less<>> have;
  Statement q(db, fmt::format("SELECT name FROM pragma_table_info('{}')", table).c_str());
  while (q.step()) have.insert(q.text(0));
  for (const auto& [name, type] : want)
    if (!have.count(name)) exec(db, fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table, name, type).c_str());
}

void migrate(sqlite3* db) {
  exec(db, "CREATE TABLE IF NOT EXISTS machines(id TEXT PRIMARY KEY, label TEXT, fingerprint TEXT, first_seen TEXT)");
  add_missing_columns(db, "runs", {{"uuid", "TEXT"}, {"machine_id", "TEXT"}});
  std::vector<std::pair<std::string, std::string>> columns;
  for (const auto& c : record_columns()) columns.emplace_back(std::string(c.name), std::string(c.sql_type()));
  columns.emplace_back("point", "TEXT");
  add_missing_columns(db, "results", columns);
  exec(db, index_sql().c_str());
}

RunInfo run_from_row(const Statement& s) {
  RunInfo r;
  r.id = s.integer(0);
  r.started_at = s.text(1);
  const std::string plan = s.text(2), environment = s.text(3);
  r.plan = nlohmann::json::parse(plan, nullptr, false);
  r.environment = nlohmann::json::parse(environment, nullptr, false);
  auto w = nlohmann::json::parse(s.text(4), nullptr, false);
  if (w.is_array()) r.warnings = w.get<std::vector<std::string>>();
  r.uuid = s.text(5);
  if (r.uuid.empty()) r.uuid = derived_run_uuid(r.started_at, plan, environment);
  return r;
}

std::vector<Record> read_records(Statement& q) {
  std::vector<Record> out;
  while (q.step()) {
    const std::string_view text = q.view(0);
    out.push_back(record_from_json(nlohmann::json::parse(text.begin(), text.end())));
  }
  return out;
}

class SqliteEngine final : public StoreEngine {
 public:
  SqliteEngine(const std::string& path, bool create);
  ~SqliteEngine() override {
    if (db_) sqlite3_close(db_);
  }
  int64_t begin_run(const std::string& uuid, const nlohmann::json& plan, const nlohmann::json& environment,
                    const std::vector<std::string>& warnings) override;
  bool add(int64_t run_id, const Record& r) override {
    insert(run_id, r);
    return sqlite3_changes(db_) > 0;
  }
  size_t add_all(int64_t run_id, const std::vector<Record>& rs) override;
  std::vector<RunInfo> runs() const override {
    std::vector<RunInfo> out;
    Statement q(db_, has_uuid_ ? "SELECT id, started_at, plan, environment, warnings, uuid FROM runs ORDER BY id"
                               : "SELECT id, started_at, plan, environment, warnings, '' FROM runs ORDER BY id");
    while (q.step()) out.push_back(run_from_row(q));
    return out;
  }
  std::vector<Record> records() const override {
    Statement q(db_, "SELECT record FROM results ORDER BY id");
    return read_records(q);
  }
  std::vector<Record> records(int64_t run_id) const override {
    Statement q(db_, "SELECT record FROM results WHERE run_id = ? ORDER BY id");
    q.bind(1, run_id);
    return read_records(q);
  }
  size_t count_records(int64_t run_id) const override {
    Statement q(db_, "SELECT count(*) FROM results WHERE run_id = ?");
    q.bind(1, run_id);
    return q.step() ? static_cast<size_t>(q.integer(0)) : 0;
  }

 private:
  void insert(int64_t run_id, const Record& r) {
    Statement st(db_, insert_sql().c_str());
    int i = 1;
    st.bind(i++, run_id);
    for (const auto& c : record_columns()) st.bind(i++, c.value(r));
    st.bind(i, to_json(r).dump());
    st.bind(i + 1, point_key(r)).step();
  }
  sqlite3* db_ = nullptr;
  bool has_uuid_ = true;  // an older store (read only) has no uuid column until its next run migrates it
};

SqliteEngine::SqliteEngine(const std::string& path, bool create) {
  const bool exists = std::filesystem::exists(path);
  if (!exists && !create) throw UsageError("no store at '" + path + "' (expected an mmbench results.db)");
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string why = sqlite3_errmsg(db_);
    sqlite3_close(db_);
    db_ = nullptr;
    throw UsageError("cannot open store '" + path + "': " + why);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    exec(db_, "PRAGMA synchronous=FULL;");
    // A file with no table at all is a store whose creation never committed (killed at its first write, or made
    // by an older mmbench that created the schema statement by statement): make it afresh.
    bool fresh = !exists;
    if (exists) {
      Statement t(db_, "SELECT count(*) FROM sqlite_master");
      fresh = t.step() && t.integer(0) == 0;
      if (fresh && !create)
        throw UsageError("'" + path + "' holds no results: the run that created it stopped before its first " +
                         "write (start again with `mmbench run`)");
    }
    if (!fresh) {
      Statement q(db_, "SELECT value FROM meta WHERE key='schema_version'");
      if (!q.step()) throw Error("no schema_version");
      const auto v = std::stoi(q.text(0));
      if (v > kSchemaVersion)
        throw Error("schema version " + std::to_string(v) + " is newer than this mmbench understands (" +
                    std::to_string(kSchemaVersion) + "): use a newer mmbench");
      Statement c(db_, "SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'uuid'");
      has_uuid_ = c.step() && c.integer(0) > 0;
    } else {
      // One transaction: a store either has its whole schema and version, or no table at all.
      exec(db_, "BEGIN IMMEDIATE");
      exec(db_, schema_sql().c_str());
      Statement(db_, "INSERT INTO meta(key, value) VALUES('schema_version', ?)")
          .bind(1, std::to_string(kSchemaVersion))
          .step();
      Statement(db_, "INSERT INTO meta(key, value) VALUES('generator', ?)").bind(1, std::string("mmbench")).step();
      exec(db_, "COMMIT");
    }
  } catch (const UsageError&) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  } catch (const std::exception& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw UsageError("'" + path + "' is not a usable mmbench store: " + e.what());
  }
}

int64_t SqliteEngine::begin_run(const std::string& uuid, const nlohmann::json& plan, const nlohmann::json& environment,
                                const std::vector<std::string>& warnings) {
  // A resumed older store now also holds records of this version: readers need at least this version, and its
  // tables get this version's columns. One transaction: a store is migrated entirely or not at all, and the run
  // with its machine is one step.
  exec(db_, "BEGIN IMMEDIATE");
  try {
    migrate(db_);
    has_uuid_ = true;
    Statement(db_, "UPDATE meta SET value = ? WHERE key = 'schema_version'")
        .bind(1, std::to_string(kSchemaVersion))
        .step();
    int64_t id = 0;
    Statement existing(db_, "SELECT id FROM runs WHERE uuid = ?");
    existing.bind(1, uuid);
    if (existing.step()) {
      id = existing.integer(0);
    } else {
      const MachineRow m = machine_row(environment);
      if (!m.id.empty())
        Statement(db_,
                  "INSERT INTO machines(id, label, fingerprint, first_seen) VALUES(?, ?, ?, ?) "
                  "ON CONFLICT(id) DO NOTHING")
            .bind(1, m.id)
            .bind(2, m.label)
            .bind(3, m.fingerprint)
            .bind(4, environment.value("started_at", std::string()))
            .step();
      Statement(db_,
                "INSERT INTO runs(started_at, plan, environment, warnings, uuid, machine_id) VALUES(?, ?, ?, ?, ?, ?)")
          .bind(1, environment.value("started_at", std::string()))
          .bind(2, plan.dump())
          .bind(3, environment.dump())
          .bind(4, nlohmann::json(warnings).dump())
          .bind(5, uuid)
          .bind(6, m.id)
          .step();
      id = sqlite3_last_insert_rowid(db_);
    }
    exec(db_, "COMMIT");
    return id;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

size_t SqliteEngine::add_all(int64_t run_id, const std::vector<Record>& rs) {
  exec(db_, "BEGIN IMMEDIATE");
  try {
    size_t written = 0;
    for (const auto& r : rs) {
      insert(run_id, r);
      written += sqlite3_changes(db_) > 0 ? 1 : 0;
    }
    exec(db_, "COMMIT");
    return written;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace

std::unique_ptr<StoreEngine> open_sqlite_engine(const std::string& path, bool create) {
  return std::make_unique<SqliteEngine>(path, create);
}

}  // namespace mmbench
