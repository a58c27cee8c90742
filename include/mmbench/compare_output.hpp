// The sinks of `mmbench compare`: a console table (colour only on a terminal), Markdown to paste into a pull
// request, CSV and schema-versioned JSON (docs/output-schema.md). They only format a RunComparison.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmbench/charts.hpp"
#include "mmbench/comparison.hpp"

namespace mmbench {

// What the header of every output says besides the points: the two sides, what differs between their machines
// and software, where δ came from, and notes (between-run noise unknown, fields ignored in matching...).
struct CompareContext {
  std::string a, b;  // "base (run 1, 3 rounds)"
  std::vector<Difference> differences;
  std::string delta_text;
  std::vector<std::string> notes;
};

inline constexpr int kCompareSchemaVersion = 1;

void write_compare_text(std::ostream& os, const RunComparison& c, const CompareContext& ctx, bool colour);
void write_compare_markdown(std::ostream& os, const RunComparison& c, const CompareContext& ctx);
void write_compare_csv(std::ostream& os, const RunComparison& c);
nlohmann::json compare_json(const RunComparison& c, const CompareContext& ctx);
// "1.016 [0.990, 1.043]"
std::string ratio_text(double ratio, double low, double high);
// The verdict cell: "slower", "same", "inconclusive (~6 runs)", "ok -> WRONG", ...
std::string verdict_text(const PointComparison& p);
std::string compare_time_text(const PointComparison& p, bool b);  // a side's median time, or its status
std::string compare_decision_text(const RunComparison& c);        // "no confirmed regression (Holm over ...)"
std::string compare_backend_counts(const BackendComparison& s);   // "3 faster, 2 same"

// Per group of comparable points (dtype, mode, threads): <out>/charts/compare-<group>.{gp,png,svg}, B/A of the
// time against size, one line per backend with its 95% interval as a band, 1 and 1 ± δ drawn. A missing gnuplot
// is a warning, as for a run's charts.
ChartResult write_compare_charts(const std::string& out_dir, const RunComparison& c,
                                 const std::string& gnuplot = "gnuplot");
// compare.html: self-contained (no script, charts as data URIs), like report.html.
void write_compare_html(std::ostream& os, const RunComparison& c, const CompareContext& ctx, const ChartResult& charts);

}  // namespace mmbench
