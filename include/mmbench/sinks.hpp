// Sinks only format: they read records and the run's environment and write text. A new metric in a record
// needs no sink change beyond the JSON conversion. render_outputs() writes every file of an output folder.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "mmbench/analysis.hpp"
#include "mmbench/charts.hpp"
#include "mmbench/report.hpp"
#include "mmbench/store.hpp"

namespace mmbench {

// The comparison grid every table sink draws: rows = dtype and shape ("f32 256x256x256"), one cell per backend
// with its text ("208.1 ±0.4%", "FAILED", "-" when not measured) and whether it is the row's fastest.
struct ComparisonTable {
  struct Cell {
    std::string text;
    bool fastest = false;
    const Record* record = nullptr;  // into the Report; null when the point was not measured
  };
  struct Row {
    std::string label;
    std::vector<Cell> cells;
  };
  std::vector<std::string> backends;
  std::vector<Row> rows;
};
ComparisonTable comparison_table(const Report& r);

// The console/Markdown comparison: rows = dtype and shape, one column per backend, GFLOP/s ± spread,
// fastest marked with '*'; non-ok points show their status.
void write_table(std::ostream& os, const Report& r, bool markdown);
void write_csv(std::ostream& os, const Report& r);
void write_json(std::ostream& os, const Report& r);
void write_markdown(std::ostream& os, const Report& r);

// Renders every output of a folder from a Report: results.json, results.csv, results.md, analysis.json,
// analysis.txt, charts/ (gnuplot) and report.html. Chart problems (no gnuplot) are warnings, not errors.
struct Rendered {
  std::vector<std::string> written;   // paths
  std::vector<std::string> warnings;  // e.g. charts skipped
  Analysis analysis;
};
Rendered render_outputs(const std::string& out_dir, const Report& r, const ChartOptions& charts = {});
Report load_report(const Store& store);

}  // namespace mmbench
