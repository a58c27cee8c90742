// The comparison table (console and Markdown): one row per dtype and shape, one column per backend, GFLOP/s of
// the median with the half-width of its 95% interval; the fastest verified cell of a row is marked with '*'.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "mmbench/sinks.hpp"

namespace mmbench {
namespace {

std::string cell_text(const Record& r) {
  switch (r.status) {
    case Status::ok:
    case Status::noisy:
      return fmt::format("{:.1f} ±{:.1f}%{}", r.gflops, 100 * r.summary.rel_ci_halfwidth(),
                         r.status == Status::noisy ? "~" : "");
    case Status::wrong:
      return "WRONG";
    case Status::failed:
      return "FAILED";
    case Status::skipped:
      return "skipped";
    case Status::unsupported:
      return "unsupported";
  }
  return "?";
}

}  // namespace

ComparisonTable comparison_table(const Report& rep) {
  ComparisonTable t;
  std::vector<std::string>& backends = t.backends;
  std::vector<Problem> rows;
  std::map<std::pair<std::string, std::string>, const Record*> cells;  // (row label, backend) -> record
  auto row_label = [](const Problem& p) { return fmt::format("{} {}", to_string(p.dtype), p.shape()); };
  for (const auto& r : rep.records) {
    const std::string column = r.key.column();
    if (std::find(backends.begin(), backends.end(), column) == backends.end()) backends.push_back(column);
    if (std::find(rows.begin(), rows.end(), r.key.problem) == rows.end()) rows.push_back(r.key.problem);
    cells[{row_label(r.key.problem), column}] = &r;
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Problem& a, const Problem& b) {
    return a.dtype != b.dtype ? a.dtype < b.dtype : a.flops() < b.flops();
  });
  for (const auto& p : rows) {
    const std::string label = row_label(p);
    double best = 0;
    for (const auto& b : backends)
      if (auto it = cells.find({label, b}); it != cells.end() && is_success(it->second->status))
        best = std::max(best, it->second->gflops);
    ComparisonTable::Row row{label, {}};
    for (const auto& b : backends) {
      auto it = cells.find({label, b});
      if (it == cells.end()) {
        row.cells.push_back({"-", false, nullptr});
        continue;
      }
      const Record& r = *it->second;
      row.cells.push_back({cell_text(r), is_success(r.status) && r.gflops == best && backends.size() > 1, &r});
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

void write_table(std::ostream& os, const Report& rep, bool markdown) {
  if (rep.records.empty()) {
    os << "(no results)\n";
    return;
  }
  const ComparisonTable t = comparison_table(rep);
  std::vector<std::vector<std::string>> grid;
  grid.push_back({"dtype MxNxK"});
  for (const auto& b : t.backends) grid.back().push_back(b);
  for (const auto& row : t.rows) {
    std::vector<std::string> line{row.label};
    for (const auto& c : row.cells) line.push_back((c.fastest ? "*" : "") + c.text);
    grid.push_back(std::move(line));
  }

  std::vector<size_t> width(grid[0].size(), 0);
  for (const auto& line : grid)
    for (size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], line[c].size());
  os << "GFLOP/s of the median time (± half-width of its 95% interval); * fastest; ~ noisy (budget spent)\n";
  if (markdown) os << "\n";
  for (size_t r = 0; r < grid.size(); ++r) {
    if (markdown) os << "|";
    for (size_t c = 0; c < grid[r].size(); ++c) {
      const std::string cell =
          c == 0 ? fmt::format("{:<{}}", grid[r][c], width[c]) : fmt::format("{:>{}}", grid[r][c], width[c]);
      os << (markdown ? " " + cell + " |" : (c == 0 ? cell : "  " + cell));
    }
    os << "\n";
    if (markdown && r == 0) {
      os << "|";
      for (size_t c = 0; c < width.size(); ++c)
        os << (c == 0 ? ":" : "-") << std::string(width[c], '-') << (c == 0 ? "-|" : ":|");
      os << "\n";
    }
  }
  bool header = false;
  for (const auto& r : rep.records) {
    for (const auto& n : r.notes) {
      if (!header) os << (markdown ? "\nNotes:\n\n" : "\nNotes:\n");
      header = true;
      os << (markdown ? "- " : "  ") << r.key.label() << ": " << n << "\n";
    }
    if (r.status == Status::ok) continue;
    if (!header) os << (markdown ? "\nNotes:\n\n" : "\nNotes:\n");
    header = true;
    os << (markdown ? "- " : "  ") << r.key.label() << ": " << to_string(r.status) << " — " << r.reason << "\n";
  }
}

}  // namespace mmbench
