// History charts (history_output.hpp): x is the run (tics: its date), y the time per call in ms; error bars, the
// fitted levels as horizontal segments, and a dashed line where each change appears.
#include <filesystem>

#include <fmt/format.h>

#include "gnuplot.hpp"
#include "mmbench/history_output.hpp"

namespace mmbench {
namespace {

std::string history_script(const Chart& c, const PointHistory& h, const std::vector<HistorySource>& sources) {
  std::string s = gnuplot::header(c);
  gnuplot::style_lines(s, 1);
  s += "$runs << EOD\n";
  for (size_t i = 0; i < h.values.size(); ++i) {
    const auto& v = h.values[i];
    s += fmt::format("{} {:.6g} {:.6g} {:.6g}\n", i + 1, v.value_s * 1e3, v.low_s * 1e3, v.high_s * 1e3);
  }
  s += "EOD\n$levels << EOD\n";
  size_t begin = 0;
  for (size_t k = 0; k <= h.changes.size(); ++k) {
    const size_t end = k < h.changes.size() ? h.changes[k].at : h.values.size();
    const double level = k < h.changes.size() ? h.changes[k].before_s
                         : h.changes.empty()  ? 0.0
                                              : h.changes.back().after_s;
    if (level > 0) s += fmt::format("{} {:.6g}\n{} {:.6g}\n\n", begin + 0.5, level * 1e3, end + 0.5, level * 1e3);
    begin = end;
  }
  s += "EOD\n";
  std::string tics;
  for (size_t i = 0; i < h.values.size(); ++i) {
    std::string when = sources[h.values[i].source].started_at.substr(5, 11);  // "11-29T17:05"
    if (when.size() > 5) when[5] = ' ';
    tics += fmt::format("{}{} {}", i ? ", " : "", gnuplot::quoted(when), i + 1);
  }
  s += fmt::format("set xrange [0.5:{}]\nset xtics rotate by 45 right ({})\nset xlabel 'run (UTC)'\n",
                   h.values.size() + 0.5, tics);
  for (const auto& ch : h.changes)
    s += fmt::format("set arrow from {0},graph 0 to {0},graph 1 nohead dt 2 lc rgb '#D55E00'\n", ch.at + 0.5);
  s += "set ylabel 'median time per call (ms)'\nset key outside right top box opaque\n";
  s += "plot $runs using 1:2:3:4 with yerrorbars ls 1 title 'run (median, range of its rounds)', \\\n"
       "     $runs using 1:2 with lines ls 1 notitle";
  if (!h.changes.empty()) s += ", \\\n     $levels using 1:2 with lines lw 3 lc rgb '#D55E00' title 'fitted levels'";
  s += "\n";  // two statements: GCC 12 warns falsely (-Wrestrict) on a literal + a temporary string
  s += gnuplot::footer(c);
  return s;
}

}  // namespace

ChartResult write_history_charts(const std::string& out_dir, const std::vector<const PointHistory*>& points,
                                 const std::vector<HistorySource>& sources, const std::string& program) {
  namespace fs = std::filesystem;
  ChartResult res;
  const std::string dir_name = gnuplot::charts_dir(out_dir, res);
  if (dir_name.empty()) return res;
  const fs::path dir(dir_name);
  for (const auto* h : points) {
    Chart c;
    c.kind = "history";
    c.group = h->key.label();
    c.title = "History: " + h->key.label();
    const std::string base = (dir / ("history-" + gnuplot::slug(h->key.label()))).string();
    c.png = base + ".png", c.svg = base + ".svg", c.script = base + ".gp";
    if (!gnuplot::write_and_draw(res, c, history_script(c, *h, sources), program)) return res;
  }
  return res;
}

}  // namespace mmbench
