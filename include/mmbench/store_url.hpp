// Where a store lives, as people write it: a folder (its results.db), sqlite:PATH, or a PostgreSQL URL
// (postgresql://user@host:port/db, or "postgresql:" alone for libpq's PG* environment variables). Every message
// and file shows a store through redacted(), so a password given in a URL is never printed or stored.
#pragma once
#include <string>

namespace mmbench {

struct StoreUrl {
  enum class Engine { sqlite, postgresql };
  Engine engine = Engine::sqlite;
  std::string path;      // sqlite: the database file
  std::string conninfo;  // postgresql: what libpq is given (the URL as written; "" = the PG* variables)

  // The URL with any password replaced by "***" (what messages and records show).
  std::string redacted() const;
};

// Parses what --store (or MMBENCH_STORE, or a positional store argument) says. A folder means <folder>/results.db.
// Throws UsageError for a scheme mmbench does not know ("mysql://...") or an empty value.
StoreUrl parse_store_url(const std::string& text);

// True when `text` names a PostgreSQL store (so callers can tell a URL from a folder before touching the disk).
bool is_postgresql_url(const std::string& text);

// `text` with the password of every postgresql:// URL (user:password@) and every password=... keyword replaced by
// "***": for error messages that may quote what they were given.
std::string redact_passwords(std::string text);

}  // namespace mmbench
