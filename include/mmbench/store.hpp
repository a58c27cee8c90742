// The SQLite store (<out>/results.db): one row per finished point, committed the moment the point ends, so a
// crash or kill -9 loses at most the point in flight. Runs keep their plan and environment for --resume/report.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmbench/record.hpp"

struct sqlite3;

namespace mmbench {

// 1: records whose device is one string and whose plan has no backend options (read, and migrated on read);
// 2: the device as identity + state, the plan with its backend options;
// 3: the results table has every CSV column (record_columns.hpp), not 15 of them;
// 4: a point may be pinned to CPUs (the cpus column and key field; unpinned points read as before);
// 5: a run may measure its plan several times (--repeat): the round column and record field (older rows: round 1).
// Reading never changes a store; its first new run adds the missing columns and marks it with this version.
inline constexpr int kSchemaVersion = 5;

struct RunInfo {
  int64_t id = 0;
  std::string started_at;
  nlohmann::json plan;         // what was asked: spec and options (for --resume)
  nlohmann::json environment;  // facts
  std::vector<std::string> warnings;
};

class Store {
 public:
  // Opens or creates. Throws UsageError when the file is not an mmbench store (or is corrupt).
  static Store open(const std::string& path, bool create);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  int64_t begin_run(const nlohmann::json& plan, const nlohmann::json& environment,
                    const std::vector<std::string>& warnings);
  void add(int64_t run_id, const Record& r);  // committed before it returns
  std::vector<RunInfo> runs() const;
  std::optional<RunInfo> last_run() const;
  std::vector<Record> records() const;                // all runs, in the order they finished
  std::vector<Record> records(int64_t run_id) const;  // one run's
  std::string path() const { return path_; }

 private:
  Store() = default;
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace mmbench
