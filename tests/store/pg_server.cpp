// psql helpers for the store tests. Test data only: names are the tests' own literals, so quoting is simple.
#include "pg_server.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <memory>

namespace mmbench::store_test {
namespace {
std::string shell_quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
}  // namespace

int psql(const std::string& database, const std::string& sql) {
  const std::string cmd =
      "psql -q -v ON_ERROR_STOP=1 -d " + shell_quoted(database) + " -c " + shell_quoted(sql) + " >/dev/null";
  return std::system(cmd.c_str());
}

std::string psql_value(const std::string& database, const std::string& sql) {
  const std::string cmd = "psql -At -v ON_ERROR_STOP=1 -d " + shell_quoted(database) + " -c " + shell_quoted(sql);
  std::unique_ptr<FILE, decltype(&pclose)> p(popen(cmd.c_str(), "r"), &pclose);
  std::string out;
  std::array<char, 4096> buf{};
  while (p && fgets(buf.data(), buf.size(), p.get())) out += buf.data();
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string fresh_database(const std::string& name) {
  const std::string db = name + "_" + std::to_string(getpid());
  psql("postgres", "DROP DATABASE IF EXISTS " + db);
  psql("postgres", "CREATE DATABASE " + db);
  return db;
}

std::string url_for(const std::string& database, const std::string& user, const std::string& password) {
  const char* host = std::getenv("PGHOST");
  const char* port = std::getenv("PGPORT");
  std::string auth = user.empty() ? (std::getenv("PGUSER") ? std::getenv("PGUSER") : "postgres") : user;
  if (!password.empty()) auth += ":" + password;
  return "postgresql://" + auth + "@" + (host ? host : "localhost") + ":" + (port ? port : "5432") + "/" + database;
}

}  // namespace mmbench::store_test
