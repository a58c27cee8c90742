// What a store engine does (SQLite, PostgreSQL): the Store facade (store.hpp) holds one and adds what is the same
// for both (mirroring a run, copying runs between stores). Private to the core: commands see only Store.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mmbench/record.hpp"
#include "mmbench/store.hpp"
#include "mmbench/store_url.hpp"

namespace mmbench {

class StoreEngine {
 public:
  virtual ~StoreEngine() = default;
  // A run with this uuid (made by the caller): a second begin_run with the same uuid returns the first's id.
  virtual int64_t begin_run(const std::string& uuid, const nlohmann::json& plan, const nlohmann::json& environment,
                            const std::vector<std::string>& warnings) = 0;
  // Committed before it returns. False when the run already holds this point and round (nothing written).
  virtual bool add(int64_t run_id, const Record& r) = 0;
  // One transaction; the number of records written (those already there are kept, not duplicated).
  virtual size_t add_all(int64_t run_id, const std::vector<Record>& rs) = 0;
  virtual std::vector<RunInfo> runs() const = 0;
  virtual std::vector<Record> records() const = 0;
  virtual std::vector<Record> records(int64_t run_id) const = 0;
  virtual size_t count_records(int64_t run_id) const = 0;
};

// The row key of a record inside its run: its point and round (the unique key that makes adding idempotent).
std::string point_key(const Record& r);
// The columns of a machines row, from a run's environment (machine.hpp); empty id when the run has none.
struct MachineRow {
  std::string id, label, fingerprint;
};
MachineRow machine_row(const nlohmann::json& environment);
// A run stored before runs had a uuid (schema < 6) gets one derived from what it holds, so pushing it twice
// names the same run.
std::string derived_run_uuid(const std::string& started_at, const std::string& plan, const std::string& environment);

std::unique_ptr<StoreEngine> open_sqlite_engine(const std::string& path, bool create);
// Throws UsageError when this build has no PostgreSQL support (libpq was absent when it was configured).
std::unique_ptr<StoreEngine> open_postgresql_engine(const StoreUrl& url);

}  // namespace mmbench
