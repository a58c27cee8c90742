// The PostgreSQL server of the store tests: the private cluster `pg_virtualenv -t` starts around this binary (CTest's
// postgresql_store test), found through the PG* variables it sets. Outside it the PostgreSQL cases skip, saying so.
#pragma once
#include <cstdlib>
#include <string>

namespace mmbench::store_test {

// True inside the test cluster (MMBENCH_PG_TESTS=1 and PGHOST set by pg_virtualenv).
inline bool have_postgresql() {
  const char* flag = std::getenv("MMBENCH_PG_TESTS");
  return flag && std::string(flag) == "1" && std::getenv("PGHOST");
}
inline const char* kNoPostgresql =
    "no PostgreSQL server: these cases run in CTest's postgresql_store test, under pg_virtualenv";

// A fresh database for one test (so tests never see each other's rows); returns its name.
std::string fresh_database(const std::string& name);
// Runs SQL as the cluster's superuser through psql; returns psql's exit status.
int psql(const std::string& database, const std::string& sql);
// The first column of the first row of a query, as psql prints it (-At).
std::string psql_value(const std::string& database, const std::string& sql);
// A URL naming `database` on the test cluster, as `user` (with `password` when not empty).
std::string url_for(const std::string& database, const std::string& user = "", const std::string& password = "");

}  // namespace mmbench::store_test
