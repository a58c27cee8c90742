// Charts drawn by gnuplot (pngcairo and svg): per group of comparable series (dtype, mode, threads, shape family)
// a bar chart of backends side by side at a few sizes, time vs size with error bars and fitted curves, and GFLOP/s
// vs size with the peak line when one is known. Each chart's gnuplot script is kept next to it (data inline), so a
// user can restyle and re-run it.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "mmbench/analysis.hpp"
#include "mmbench/report.hpp"

namespace mmbench {

struct ChartOptions {
  bool enabled = true;
  std::vector<double> bar_sizes;              // empty: up to 4 sizes spread over those every backend measured
  std::string bar_metric = "gflops";          // gflops | time
  std::string scale = "auto";                 // auto | lin | log (time and GFLOP/s charts)
  std::string gnuplot = "gnuplot";            // program to run
  std::map<std::string, double> peak_gflops;  // dtype -> peak, drawn on the GFLOP/s chart when known
  double read_bandwidth_gbs = 0;              // the roofline's memory roof (else derived from the verdicts)
};

struct Chart {
  std::string kind;   // bar | time | gflops | roofline (when the run has roofs)
  std::string group;  // "f32 hot 2t NxNxN"
  std::string title;
  std::string png, svg, script;  // paths
};

struct ChartResult {
  std::vector<Chart> charts;          // drawn
  std::vector<std::string> warnings;  // why a chart is missing (gnuplot absent or failed)
  bool disabled = false;              // --no-charts
};

// The gnuplot script of one chart (pure: tested without gnuplot).
std::string gnuplot_script(const Chart& c, const std::vector<const SeriesAnalysis*>& series, const ChartOptions& o);
// Writes <out>/charts/<kind>-<group>.{gp,png,svg} for every group and runs gnuplot on each script.
ChartResult write_charts(const std::string& out_dir, const Report& rep, const Analysis& an, const ChartOptions& o);
// Sizes the bar chart shows for these series.
std::vector<double> bar_sizes(const std::vector<const SeriesAnalysis*>& series, const std::vector<double>& asked);

}  // namespace mmbench
