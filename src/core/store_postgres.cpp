// The PostgreSQL engine (libpq): a fleet's shared store. The same tables as SQLite (store_sqlite.cpp), with JSONB for
// plans, environments and records and an array of the samples, so people can query them with psql. Every value
// travels as a parameter ($1..), never inside the SQL text. Adding is idempotent (ON CONFLICT DO NOTHING on the run
// uuid and on the point within its run): pushing twice, or a resumed run copied again, never duplicates a row.
// The role that writes needs only SELECT and INSERT (docs/store-schema.md); making the tables needs CREATE once.
#include <algorithm>
#include <cmath>
#include <memory>

#include <fmt/format.h>
#include <libpq-fe.h>

#include "mmbench/error.hpp"
#include "mmbench/record_columns.hpp"
#include "mmbench/record_json.hpp"
#include "store_engine.hpp"

namespace mmbench {
namespace {

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The column types: fixed by each getter's C++ type (record_columns.hpp). A uint64 (the seed) may exceed BIGINT.
std::string pg_type(const RecordColumn& c) {
  switch (c.get.index()) {
    case 0:
      return "BIGINT";
    case 1:
      return "NUMERIC(20)";
    case 2:
      return "DOUBLE PRECISION";
    default:
      return "TEXT";
  }
}

std::string schema_sql() {
  std::string columns;
  for (const auto& c : record_columns()) columns += fmt::format(", \"{}\" {}", c.name, pg_type(c));
  return "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
         "CREATE TABLE IF NOT EXISTS machines(id TEXT PRIMARY KEY, label TEXT, fingerprint TEXT, first_seen TEXT);\n"
         "CREATE TABLE IF NOT EXISTS runs(id BIGSERIAL PRIMARY KEY, uuid UUID NOT NULL UNIQUE, machine_id TEXT "
         "REFERENCES machines(id), started_at TEXT, plan JSONB, environment JSONB, warnings JSONB);\n"
         "CREATE TABLE IF NOT EXISTS results(id BIGSERIAL PRIMARY KEY, run_id BIGINT NOT NULL REFERENCES runs(id), "
         "point TEXT NOT NULL" +
         columns + ", samples_s DOUBLE PRECISION[], record JSONB NOT NULL, UNIQUE(run_id, point));\n";
}

constexpr size_t kBatch = 256;
constexpr const char* kOnConflict = " ON CONFLICT (run_id, point) DO NOTHING";

// "INSERT INTO results(<columns>) VALUES " (the rows follow).
const std::string& insert_prefix() {
  static const std::string sql = [] {
    std::string names;
    for (const auto& c : record_columns()) names += fmt::format("\"{}\", ", c.name);
    return fmt::format("INSERT INTO results(run_id, point, {}samples_s, record) VALUES ", names);
  }();
  return sql;
}

// PostgreSQL's text forms of the values (parameters are sent as text; the server parses them by column type).
std::string pg_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return fmt::format("{:.17g}", v);
}
std::string pg_text(const ColumnValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>)
          return x;
        else if constexpr (std::is_same_v<T, double>)
          return pg_text(x);
        else
          return std::to_string(x);
      },
      v);
}
std::string pg_array(const std::vector<double>& xs) {
  std::string s = "{";
  for (size_t i = 0; i < xs.size(); ++i) {
    if (i) s += ',';
    s += pg_text(xs[i]);
  }
  return s + "}";
}

class PgEngine final : public StoreEngine {
 public:
  explicit PgEngine(const StoreUrl& url);
  ~PgEngine() override {
    if (conn_) PQfinish(conn_);
  }
  int64_t begin_run(const std::string& uuid, const nlohmann::json& plan, const nlohmann::json& environment,
                    const std::vector<std::string>& warnings) override;
  bool add(int64_t run_id, const Record& r) override { return insert(run_id, r); }
  // Multi-row INSERTs of up to 256 records in one transaction: a round trip per batch, not per record (a push of
  // 10,000 records took 4.4 s one INSERT at a time on the test cluster; bench/fleet_store.sh measures it).
  size_t add_all(int64_t run_id, const std::vector<Record>& rs) override {
    exec("BEGIN");
    try {
      size_t written = 0;
      for (size_t first = 0; first < rs.size(); first += kBatch) {
        const size_t n = std::min(kBatch, rs.size() - first);
        std::vector<std::string> params;
        std::string rows;
        for (size_t i = first; i < first + n; ++i) {
          rows += rows.empty() ? "(" : ", (";
          const auto row = row_params(run_id, rs[i]);
          for (size_t j = 0; j < row.size(); ++j) {
            params.push_back(row[j]);
            rows += fmt::format("{}${}", j ? ", " : "", params.size());
          }
          rows += ")";
        }
        written += std::stoull(PQcmdTuples(query(insert_prefix() + rows + kOnConflict, params).get()));
      }
      exec("COMMIT");
      return written;
    } catch (...) {
      PQclear(PQexec(conn_, "ROLLBACK"));
      throw;
    }
  }
  std::vector<RunInfo> runs() const override {
    const Result res = query(
        "SELECT id, started_at, plan::text, environment::text, warnings::text, uuid::text FROM runs ORDER BY id", {});
    std::vector<RunInfo> out;
    for (int i = 0; i < PQntuples(res.get()); ++i) {
      RunInfo r;
      r.id = std::stoll(PQgetvalue(res.get(), i, 0));
      r.started_at = PQgetvalue(res.get(), i, 1);
      r.plan = nlohmann::json::parse(PQgetvalue(res.get(), i, 2), nullptr, false);
      r.environment = nlohmann::json::parse(PQgetvalue(res.get(), i, 3), nullptr, false);
      auto w = nlohmann::json::parse(PQgetvalue(res.get(), i, 4), nullptr, false);
      if (w.is_array()) r.warnings = w.get<std::vector<std::string>>();
      r.uuid = PQgetvalue(res.get(), i, 5);
      out.push_back(std::move(r));
    }
    return out;
  }
  std::vector<Record> records() const override {
    return read_records(query("SELECT record::text FROM results ORDER BY id", {}));
  }
  std::vector<Record> records(int64_t run_id) const override {
    return read_records(
        query("SELECT record::text FROM results WHERE run_id = $1 ORDER BY id", {std::to_string(run_id)}));
  }
  size_t count_records(int64_t run_id) const override {
    const Result res = query("SELECT count(*) FROM results WHERE run_id = $1", {std::to_string(run_id)});
    return std::stoull(PQgetvalue(res.get(), 0, 0));
  }

 private:
  static std::vector<Record> read_records(const Result& res) {
    std::vector<Record> out;
    out.reserve(static_cast<size_t>(PQntuples(res.get())));
    for (int i = 0; i < PQntuples(res.get()); ++i) {
      const char* text = PQgetvalue(res.get(), i, 0);
      out.push_back(record_from_json(nlohmann::json::parse(text, text + PQgetlength(res.get(), i, 0))));
    }
    return out;
  }
  void exec(const char* sql) const {
    const Result res(PQexec(conn_, sql), &PQclear);
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK && PQresultStatus(res.get()) != PGRES_TUPLES_OK)
      throw Error(fmt::format("{}: {}", where_, redact_passwords(PQresultErrorMessage(res.get()))));
  }
  Result query(const std::string& sql, const std::vector<std::string>& params) const {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p.c_str());
    Result res(
        PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0),
        &PQclear);
    const auto st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      std::string msg = PQresultErrorMessage(res.get());
      while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
      throw Error(fmt::format("{}: {}", where_, redact_passwords(msg)));
    }
    return res;
  }
  static std::vector<std::string> row_params(int64_t run_id, const Record& r) {
    std::vector<std::string> params{std::to_string(run_id), point_key(r)};
    for (const auto& c : record_columns()) params.push_back(pg_text(c.value(r)));
    params.push_back(pg_array(r.samples_s));
    params.push_back(to_json(r).dump());
    return params;
  }
  bool insert(int64_t run_id, const Record& r) {
    const auto params = row_params(run_id, r);
    std::string marks;
    for (size_t j = 1; j <= params.size(); ++j) marks += fmt::format("{}${}", j > 1 ? ", " : "", j);
    return std::string(PQcmdTuples(query(insert_prefix() + "(" + marks + ")" + kOnConflict, params).get())) == "1";
  }
  void create_or_check_schema();

  PGconn* conn_ = nullptr;
  std::string where_;
};

PgEngine::PgEngine(const StoreUrl& url) : where_(url.redacted()) {
  // An empty conninfo: libpq takes host, port, user, database and password from PGHOST, PGPORT... (and ~/.pgpass).
  conn_ = PQconnectdb(url.conninfo.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = redact_passwords(PQerrorMessage(conn_));
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    for (auto& c : msg)
      if (c == '\n') c = ' ';
    PQfinish(conn_);
    conn_ = nullptr;
    throw UsageError(fmt::format("cannot connect to store {}: {}", where_, msg));
  }
  PQclear(PQexec(conn_, "SET client_min_messages = warning"));
  // A constructor that throws runs no destructor: the connection is closed here on every way out.
  try {
    create_or_check_schema();
  } catch (const UsageError&) {
    PQfinish(conn_);
    throw;
  } catch (const std::exception& e) {
    PQfinish(conn_);
    throw UsageError(std::string(e.what()));
  }
}

void PgEngine::create_or_check_schema() {
  const auto version = [&]() -> std::optional<int> {
    const Result t = query("SELECT to_regclass('meta') IS NOT NULL", {});
    if (std::string(PQgetvalue(t.get(), 0, 0)) != "t") return std::nullopt;
    const Result v = query("SELECT value FROM meta WHERE key = 'schema_version'", {});
    if (PQntuples(v.get()) == 0) return std::nullopt;
    return std::stoi(PQgetvalue(v.get(), 0, 0));
  };
  auto v = version();
  if (!v) {
    // Several boards may open a new database at once: one makes the tables, under a transaction-scoped lock,
    // the others wait and then find them.
    exec("BEGIN");
    try {
      query("SELECT pg_advisory_xact_lock(7316021)", {});
      if (!version()) {
        exec(schema_sql().c_str());
        query(
            "INSERT INTO meta(key, value) VALUES('schema_version', $1), ('generator', 'mmbench') "
            "ON CONFLICT (key) DO NOTHING",
            {std::to_string(kSchemaVersion)});
      }
      exec("COMMIT");
    } catch (const std::exception& e) {
      PQclear(PQexec(conn_, "ROLLBACK"));
      throw UsageError(
          fmt::format("{} has no mmbench tables and they could not be made ({}); make them once "
                      "as a role that may (`mmbench machines --store URL` as the database's owner), "
                      "see docs/store-schema.md",
                      where_, e.what()));
    }
    v = version();
  }
  if (*v > kSchemaVersion)
    throw UsageError(
        fmt::format("{}: schema version {} is newer than this mmbench understands ({}): use a newer "
                    "mmbench",
                    where_, *v, kSchemaVersion));
  // Versions below 6 never existed on PostgreSQL: migrations begin with the next version.
}

int64_t PgEngine::begin_run(const std::string& uuid, const nlohmann::json& plan, const nlohmann::json& environment,
                            const std::vector<std::string>& warnings) {
  const MachineRow m = machine_row(environment);
  const std::string started = environment.value("started_at", std::string());
  exec("BEGIN");
  try {
    if (!m.id.empty())
      query(
          "INSERT INTO machines(id, label, fingerprint, first_seen) VALUES($1, $2, $3, $4) "
          "ON CONFLICT (id) DO NOTHING",
          {m.id, m.label, m.fingerprint, started});
    // Ids reach SQL only as parameters; a run that recorded no machine id gets NULL (no machines row).
    std::vector<std::string> p{uuid, started, plan.dump(), environment.dump(), nlohmann::json(warnings).dump()};
    std::vector<const char*> values;
    for (const auto& s : p) values.push_back(s.c_str());
    values.push_back(m.id.empty() ? nullptr : m.id.c_str());
    Result ins(PQexecParams(conn_,
                            "INSERT INTO runs(uuid, started_at, plan, environment, warnings, machine_id) "
                            "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT (uuid) DO NOTHING",
                            6, nullptr, values.data(), nullptr, nullptr, 0),
               &PQclear);
    if (PQresultStatus(ins.get()) != PGRES_COMMAND_OK)
      throw Error(fmt::format("{}: {}", where_, redact_passwords(PQresultErrorMessage(ins.get()))));
    const Result id = query("SELECT id FROM runs WHERE uuid = $1", {uuid});
    const int64_t run = std::stoll(PQgetvalue(id.get(), 0, 0));
    exec("COMMIT");
    return run;
  } catch (...) {
    PQclear(PQexec(conn_, "ROLLBACK"));
    throw;
  }
}

}  // namespace

std::unique_ptr<StoreEngine> open_postgresql_engine(const StoreUrl& url) {
  return std::make_unique<PgEngine>(url);
}

}  // namespace mmbench
