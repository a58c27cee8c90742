// Store URLs: which engine, which file or server, and the password-free form every message uses. Parsing is by
// hand because it is three prefixes; the PostgreSQL URL itself is handed whole to libpq, which owns its grammar.
#include "mmbench/store_url.hpp"

#include <filesystem>

#include "mmbench/error.hpp"

namespace mmbench {
namespace {

bool starts_with(const std::string& s, const char* p) {
  return s.rfind(p, 0) == 0;
}

}  // namespace

bool is_postgresql_url(const std::string& text) {
  return starts_with(text, "postgresql://") || starts_with(text, "postgres://") || text == "postgresql:" ||
         text == "postgres:";
}

std::string redact_passwords(std::string text) {
  // user:password@ after any scheme (a mistyped "postgres1://" or "mysql://" is quoted in its error message too):
  // the password runs from the ':' after the user to the last '@' of the authority (a password may itself hold '@'
  // when percent-encoding was forgotten).
  for (size_t at = text.find("://"); at != std::string::npos; at = text.find("://", at + 1)) {
    const size_t begin = at + 3;
    size_t end = text.find_first_of("/?# \t\n'\"", begin);
    if (end == std::string::npos) end = text.size();
    const size_t amp = text.rfind('@', end);
    if (amp == std::string::npos || amp < begin) continue;
    const size_t colon = text.find(':', begin);
    if (colon == std::string::npos || colon > amp) continue;
    text.replace(colon + 1, amp - colon - 1, "***");
  }
  // password=... as a URL query parameter or a libpq keyword.
  for (size_t at = text.find("password="); at != std::string::npos; at = text.find("password=", at + 1)) {
    const size_t begin = at + 9;
    const size_t end = text.find_first_of("& \t\n'\"", begin);
    text.replace(begin, (end == std::string::npos ? text.size() : end) - begin, "***");
  }
  return text;
}

std::string StoreUrl::redacted() const {
  if (engine == Engine::sqlite) return path;
  return conninfo.empty() ? std::string("postgresql: (from the PG* environment variables)")
                          : redact_passwords(conninfo);
}

StoreUrl parse_store_url(const std::string& text) {
  namespace fs = std::filesystem;
  if (text.empty()) throw UsageError("an empty store: give a folder, sqlite:PATH or postgresql://user@host/db");
  StoreUrl u;
  if (is_postgresql_url(text)) {
    u.engine = StoreUrl::Engine::postgresql;
    u.conninfo = (text == "postgresql:" || text == "postgres:") ? std::string() : text;
    return u;
  }
  if (starts_with(text, "sqlite:")) {
    u.path = text.substr(7);
    if (u.path.empty()) throw UsageError("'sqlite:' needs a path: sqlite:/path/to/results.db");
    return u;
  }
  const auto colon = text.find("://");
  if (colon != std::string::npos)
    throw UsageError("store '" + redact_passwords(text) +
                     "': unknown kind of store (known: a folder, sqlite:PATH, postgresql://user@host:port/db)");
  // A folder (existing or to be made) holds results.db; a file is the database itself.
  u.path = (fs::is_regular_file(text) || fs::path(text).extension() == ".db")
               ? text
               : (fs::path(text) / "results.db").string();
  return u;
}

}  // namespace mmbench
