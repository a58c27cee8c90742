// gnuplot, shared by the charts of a run (charts.cpp) and of a comparison (compare_charts.cpp): the palette, string
// quoting, the size axis, each chart's header and footer, and running gnuplot on a script. Internal to the output
// layer. Okabe–Ito colours (safe for the common colour-vision deficiencies) plus a point type per series.
#pragma once
#include <string>
#include <vector>

#include "mmbench/charts.hpp"

namespace mmbench::gnuplot {

extern const char* const kColours[8];
extern const int kPointTypes[8];

std::string slug(const std::string& s);  // a file-name-safe form of a group's name
// Every text that reaches a gnuplot script goes through one of these three (gnuplot.cpp says why).
std::string one_line(const std::string& s);     // control characters as spaces: for comments
std::string quoted(const std::string& s);       // a string of a command: single-quoted, never expanded
std::string data_quoted(const std::string& s);  // a string column of an inline data block
bool is_geometric(const std::vector<double>& xs);
// The size axis: log2 with a tic at every measured size for geometric sweeps, linear otherwise.
std::string x_axis(const std::vector<double>& xs, bool log_scale);
void style_lines(std::string& s, size_t n);  // line styles 1..n
std::string header(const Chart& c);          // terminal png, output, title, grid
std::string footer(const Chart& c);          // the same again as SVG

// Runs gnuplot on c.script in its folder (so the script's relative output names work when re-run by hand too).
// not_started: gnuplot could not be run at all (message says so: skip the other charts); otherwise an empty
// message means both files were drawn, else what gnuplot said.
struct Drawn {
  bool not_started = false;
  std::string message;
};
Drawn draw(const Chart& c, const std::string& program);

// What every chart writer shares. charts_dir: <out>/charts, created; "" (with the reason in res.warnings) when it
// cannot be. write_and_draw: writes `script` to c.script, runs gnuplot on it and files the outcome in res (the
// chart, or "<kind> chart for <group> failed: ..."); false when drawing should stop (the script could not be
// written, or gnuplot could not be started).
std::string charts_dir(const std::string& out_dir, ChartResult& res);
bool write_and_draw(ChartResult& res, const Chart& c, const std::string& script, const std::string& program);

}  // namespace mmbench::gnuplot
