// The record's flat columns. One list, no per-sink flags: the store's results table holds exactly the CSV's
// columns (plus id, run_id and the record as JSON), so whoever queries results.db with sqlite3 finds what the CSV
// shows under the same names, and a new column is one line here. A column costs the store a few bytes a row, little
// beside the record JSON it already keeps. Adding one means bumping kSchemaVersion (store.hpp): begin_run adds it
// to older stores.
#include "mmbench/record_columns.hpp"

namespace mmbench {

std::string_view RecordColumn::sql_type() const {
  static constexpr std::string_view kTypes[] = {"INTEGER", "INTEGER", "REAL", "TEXT"};  // ColumnGetter's order
  return kTypes[get.index()];
}

ColumnValue RecordColumn::value(const Record& r) const {
  return std::visit([&](auto getter) { return ColumnValue(getter(r)); }, get);
}

const std::vector<RecordColumn>& record_columns() {
  using I = int64_t;
  using S = std::string;
  static const std::vector<RecordColumn> columns{
      {"backend", [](const Record& r) -> S { return r.key.backend; }},
      {"dtype", [](const Record& r) -> S { return S(to_string(r.key.problem.dtype)); }},
      {"m", [](const Record& r) -> I { return r.key.problem.m; }},
      {"n", [](const Record& r) -> I { return r.key.problem.n; }},
      {"k", [](const Record& r) -> I { return r.key.problem.k; }},
      {"mode", [](const Record& r) -> S { return S(to_string(r.key.mode)); }},
      {"threads", [](const Record& r) -> I { return r.key.threads; }},
      {"threads_used", [](const Record& r) -> I { return r.threads_used; }},
      {"cpus", [](const Record& r) -> S { return r.key.cpus; }},
      {"status", [](const Record& r) -> S { return S(to_string(r.status)); }},
      {"reason", [](const Record& r) -> S { return r.reason; }},
      {"median_s", [](const Record& r) { return r.summary.median; }, 9},
      {"min_s", [](const Record& r) { return r.summary.min; }, 9},
      {"mean_s", [](const Record& r) { return r.summary.mean; }, 9},
      {"stdev_s", [](const Record& r) { return r.summary.stdev; }, 9},
      {"mad_s", [](const Record& r) { return r.summary.mad; }, 9},
      {"ci95_low_s", [](const Record& r) { return r.summary.ci_low; }, 9},
      {"ci95_high_s", [](const Record& r) { return r.summary.ci_high; }, 9},
      {"samples", [](const Record& r) -> I { return static_cast<I>(r.summary.n); }},
      {"batch", [](const Record& r) -> I { return r.batch; }},
      {"gflops", [](const Record& r) { return r.gflops; }, 6},
      {"gbs", [](const Record& r) { return r.gbs; }, 6},
      {"max_rel_err", [](const Record& r) { return r.max_rel_err; }, 3},
      {"mean_rel_err", [](const Record& r) { return r.mean_rel_err; }, 3},
      {"library", [](const Record& r) -> S { return r.library; }},
      {"version", [](const Record& r) -> S { return r.version; }},
      {"device", [](const Record& r) -> S { return r.device.text(); }},
      {"seed", [](const Record& r) -> uint64_t { return r.seed; }},
      {"peak_rss_bytes", [](const Record& r) -> I { return r.peak_rss_bytes; }},
      {"finished_at", [](const Record& r) -> S { return r.finished_at; }},
      // Columns added after the first release go last, so a script that reads the CSV by position keeps working.
      {"round", [](const Record& r) -> I { return r.round; }},
  };
  return columns;
}

}  // namespace mmbench
