// The store: one row per finished point, committed the moment the point ends, so a crash or kill -9 loses at most
// the point in flight. Runs keep their plan and environment for --resume/report. SQLite (<out>/results.db, the
// default) or PostgreSQL (a fleet's shared store); both behind this one class.
#pragma once
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmbench/record.hpp"
#include "mmbench/store_url.hpp"

namespace mmbench {

// 1: records whose device is one string and whose plan has no backend options (read, and migrated on read);
// 2: the device as identity + state, the plan with its backend options;
// 3: the results table has every CSV column (record_columns.hpp), not 15 of them;
// 4: a point may be pinned to CPUs (the cpus column and key field; unpinned points read as before);
// 5: a run may measure its plan several times (--repeat): the round column and record field (older rows: round 1);
// 6: runs have a uuid and a machine (the machines table), results a point key unique within their run, so that
//    copying a run into another store (push, pull, run --store) twice never duplicates it.
// Reading never changes a store; its first new run adds the missing columns and marks it with this version. The
// same schema is made on PostgreSQL (docs/store-schema.md).
inline constexpr int kSchemaVersion = 6;

struct RunInfo {
  int64_t id = 0;    // within its store
  std::string uuid;  // the same in every store the run is copied to
  std::string started_at;
  nlohmann::json plan;         // what was asked: spec and options (for --resume)
  nlohmann::json environment;  // facts
  std::vector<std::string> warnings;
  std::string machine_label() const;  // environment.machine.label, else the hostname
  std::string machine_id() const;     // environment.machine.id ("" when the run recorded none)
};

class StoreEngine;

class Store {
 public:
  // A SQLite file. Opens or creates. Throws UsageError when the file is not an mmbench store (or is corrupt).
  static Store open(const std::string& path, bool create);
  // Any store (store_url.hpp). A PostgreSQL database gets mmbench's tables on first use when the role may create
  // them; `create` only matters for SQLite.
  static Store open(const StoreUrl& url, bool create);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // A new run with a fresh uuid, or (push, pull, a mirror) the run with the given uuid, made if it is absent.
  int64_t begin_run(const nlohmann::json& plan, const nlohmann::json& environment,
                    const std::vector<std::string>& warnings, const std::string& uuid = {});
  void add(int64_t run_id, const Record& r);  // committed before it returns
  // One transaction; points the run already holds are kept as they are. Returns how many were new.
  size_t add_all(int64_t run_id, const std::vector<Record>& rs);
  std::vector<RunInfo> runs() const;
  std::optional<RunInfo> last_run() const;
  std::vector<Record> records() const;                // all runs, in the order they finished
  std::vector<Record> records(int64_t run_id) const;  // one run's
  size_t count_records(int64_t run_id) const;
  std::string path() const { return where_; }  // the file, or the URL without its password

  // `run --store URL`: every run begun and record added here is also written to `other`, under the same run
  // uuid. A failure there never stops the run: `warn` is told once, the mirror is dropped, and `mmbench push`
  // copies the run later. Copying is idempotent, so a resumed run is completed there too (copy_run).
  void mirror_to(Store other, std::function<void(const std::string&)> warn);
  // Copies the run from this store into `to` (same uuid); points `to` already holds are kept. Returns the
  // records written.
  size_t copy_run(const RunInfo& run, Store& to) const;

 private:
  Store();
  void drop_mirror(const std::exception& e);
  std::unique_ptr<StoreEngine> engine_;
  std::string where_;
  struct Mirror;
  std::unique_ptr<Mirror> mirror_;
};

// What a store holds per machine (`mmbench machines`): from its runs, the label of the latest.
struct MachineSummary {
  std::string id, label, fingerprint, cpu_model, board_model, first_run, last_run;
  int64_t runs = 0, records = 0;
};
std::vector<MachineSummary> summarize_machines(const Store& store);

}  // namespace mmbench
