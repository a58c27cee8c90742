// Rendering of an output folder from the store: every file comes from the same records, so `mmbench report`
// later produces exactly what `mmbench run` wrote. The latest record of a point wins (a --resume re-measure).
// Order: the data files, then the analysis (fits, steps, crossovers), the charts, and report.html last.
#include <filesystem>
#include <functional>
#include <unordered_map>

#include "mmbench/analysis_json.hpp"
#include "mmbench/analysis_text.hpp"
#include "mmbench/html_report.hpp"
#include "mmbench/output_file.hpp"
#include "mmbench/sinks.hpp"

namespace mmbench {

// In place: the kept records are compacted to the front (a point's place is never after the record being read).
std::vector<Record> latest_per_point(std::vector<Record> records) {
  std::unordered_map<PointKey, size_t> place;  // point -> its index among the kept records
  place.reserve(records.size());
  size_t kept = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const auto [it, first] = place.try_emplace(records[i].key, kept);
    if (!first)
      records[it->second] = std::move(records[i]);
    else if (kept++ != i)
      records[kept - 1] = std::move(records[i]);
  }
  records.erase(records.begin() + static_cast<std::ptrdiff_t>(kept), records.end());
  return records;
}

Report load_report(const Store& store) {
  return {store.runs(), latest_per_point(store.records())};
}

Rendered render_outputs(const std::string& out_dir, const Report& rep, const ChartOptions& chart_options) {
  Rendered out;
  auto emit = [&](const char* name, const std::function<void(std::ostream&)>& writer) {
    const std::string path = (std::filesystem::path(out_dir) / name).string();
    write_output_file(path, writer);
    out.written.push_back(path);
  };
  emit("results.json", [&](std::ostream& os) { write_json(os, rep); });
  emit("results.csv", [&](std::ostream& os) { write_csv(os, rep); });
  emit("results.md", [&](std::ostream& os) { write_markdown(os, rep); });
  std::optional<Roofs> roofs;
  if (!rep.runs.empty() && rep.runs.back().environment.contains("roofs"))
    roofs = roofs_from_json(rep.runs.back().environment["roofs"]);
  out.analysis = analyze(rep.records, all_models(), roofs);
  emit("analysis.json", [&](std::ostream& os) { os << to_json(out.analysis).dump(2) << "\n"; });
  emit("analysis.txt", [&](std::ostream& os) { write_analysis_text(os, out.analysis); });
  // Peaks measured in the run (environment "roofs": {"peak_gflops": {"f32": ...}}) are drawn on the GFLOP/s charts.
  ChartOptions co = chart_options;
  if (!rep.runs.empty() && rep.runs.back().environment.contains("roofs")) {
    const auto& roofs = rep.runs.back().environment["roofs"];
    if (roofs.contains("peak_gflops") && roofs["peak_gflops"].is_object())
      for (const auto& [dtype, v] : roofs["peak_gflops"].items())
        if (v.is_number() && !co.peak_gflops.count(dtype)) co.peak_gflops[dtype] = v.get<double>();
  }
  if (roofs) co.read_bandwidth_gbs = roofs->read_bandwidth_gbs;
  const ChartResult charts = write_charts(out_dir, rep, out.analysis, co);
  for (const auto& c : charts.charts) out.written.push_back(c.png), out.written.push_back(c.svg);
  out.warnings = charts.warnings;
  emit("report.html", [&](std::ostream& os) { write_html_report(os, rep, out.analysis, charts); });
  return out;
}

}  // namespace mmbench
