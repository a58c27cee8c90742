// Sinks only format: they read records and the run's environment and write text. A new metric in a record
// needs no sink change beyond the JSON conversion. render_outputs() writes every file of an output folder.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "mmbench/record.hpp"
#include "mmbench/store.hpp"

namespace mmbench {

struct Report {
  std::vector<RunInfo> runs;
  std::vector<Record> records;
};

// The console/Markdown comparison: rows = dtype and shape, one column per backend, GFLOP/s ± spread,
// fastest marked with '*'; non-ok points show their status.
void write_table(std::ostream& os, const Report& r, bool markdown);
void write_csv(std::ostream& os, const Report& r);
void write_json(std::ostream& os, const Report& r);
void write_markdown(std::ostream& os, const Report& r);

// Renders results.json, results.csv and results.md from the store in `out_dir`; returns the paths written.
std::vector<std::string> render_outputs(const std::string& out_dir, const Report& r);
Report load_report(const Store& store);

}  // namespace mmbench
