// The charts and the page of a comparison: per group of comparable points (dtype, mode, threads), B/A of the time
// against size with one line per backend and its 95% interval as a band, the line at 1 and the ±δ margins dashed;
// and compare.html, self-contained like report.html, with the header, the table, the per-backend summary and the
// charts.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "gnuplot.hpp"
#include "html_parts.hpp"
#include "mmbench/compare_output.hpp"

namespace mmbench {
namespace {

std::string group_of(const PointKey& k) {
  // threads 0: the library's default (all CPUs), or matched with --ignore threads
  return fmt::format("{} {}{}", to_string(k.problem.dtype), to_string(k.mode),
                     k.threads ? fmt::format(" {}t", k.threads) : std::string());
}

bool square(const Problem& p) {
  return p.m == p.n && p.n == p.k;
}

// One chart's script: x is N when every point is square, else the points' order with their shapes as tics.
std::string compare_script(const Chart& c, const std::vector<const PointComparison*>& points) {
  std::vector<std::string> series;
  for (const auto* p : points)
    if (std::find(series.begin(), series.end(), p->key.column()) == series.end()) series.push_back(p->key.column());
  const bool all_square = std::all_of(points.begin(), points.end(), [](auto* p) { return square(p->key.problem); });
  std::vector<std::string> shapes;  // the x positions when not all square
  for (const auto* p : points)
    if (std::find(shapes.begin(), shapes.end(), p->key.problem.shape()) == shapes.end())
      shapes.push_back(p->key.problem.shape());
  const auto x_of = [&](const PointComparison& p) {
    return all_square ? static_cast<double>(p.key.problem.m)
                      : static_cast<double>(std::find(shapes.begin(), shapes.end(), p.key.problem.shape()) -
                                            shapes.begin() + 1);
  };
  std::string s = gnuplot::header(c);
  gnuplot::style_lines(s, series.size());
  std::set<double> xs_set;
  for (const auto* p : points) xs_set.insert(x_of(*p));
  const std::vector<double> xs(xs_set.begin(), xs_set.end());
  for (size_t i = 0; i < series.size(); ++i) {
    s += fmt::format("$s{} << EOD\n", i);
    std::vector<const PointComparison*> mine;
    for (const auto* p : points)
      if (p->key.column() == series[i]) mine.push_back(p);
    std::sort(mine.begin(), mine.end(), [&](auto* a, auto* b) { return x_of(*a) < x_of(*b); });
    for (const auto* p : mine)
      s += fmt::format("{:g} {:.6g} {:.6g} {:.6g} {:.6g} {:.6g}\n", x_of(*p), p->effect->ratio, p->effect->low,
                       p->effect->high, 1 + p->delta, 1 - p->delta);
    s += "EOD\n";
  }
  if (all_square) {
    s += gnuplot::x_axis(xs, gnuplot::is_geometric(xs));
    s += "set xlabel 'N (M = N = K)'\n";
  } else {
    std::string tics;
    for (size_t i = 0; i < shapes.size(); ++i)
      tics += fmt::format("{}{} {}", i ? ", " : "", gnuplot::quoted(shapes[i]), i + 1);
    s += fmt::format("set xrange [0.5:{}]\nset xtics rotate by 30 right ({})\nset xlabel 'shape (MxNxK)'\n",
                     shapes.size() + 0.5, tics);
  }
  s += "set ylabel 'B/A time per call (below 1: B faster)'\nset key outside right top box opaque\n"
       "set style fill transparent solid 0.18 noborder\n";
  s += "plot 1 with lines lc rgb '#333333' lw 1 notitle";
  for (size_t i = 0; i < series.size(); ++i) {
    const char* colour = gnuplot::kColours[i % 8];
    s += fmt::format(
        ", \\\n     $s{0} using 1:3:4 with filledcurves lc rgb '{1}' notitle"
        ", \\\n     $s{0} using 1:2 with linespoints ls {2} title {3}",
        i, colour, i + 1, gnuplot::quoted(series[i]));
    if (i == 0)
      s += fmt::format(
          ", \\\n     $s0 using 1:5 with lines dt 2 lc rgb '#777777' title '1 ± delta'"
          ", \\\n     $s0 using 1:6 with lines dt 2 lc rgb '#777777' notitle");
  }
  s += "\n";  // two statements: GCC 12 warns falsely (-Wrestrict) on a literal + a temporary string
  s += gnuplot::footer(c);
  return s;
}

std::string cell_class(const PointComparison& p) {
  if (p.confirmed_regression || (p.effect && p.verdict == Verdict::slower)) return "bad";
  if (p.effect && p.verdict == Verdict::faster) return "fast";
  return p.effect ? "" : "muted";
}

}  // namespace

ChartResult write_compare_charts(const std::string& out_dir, const RunComparison& cmp, const std::string& program) {
  namespace fs = std::filesystem;
  ChartResult res;
  std::vector<std::string> groups;
  std::map<std::string, std::vector<const PointComparison*>> members;
  for (const auto& p : cmp.points) {
    if (!p.effect) continue;
    const std::string g = group_of(p.key);
    if (!members.count(g)) groups.push_back(g);
    members[g].push_back(&p);
  }
  const std::string dir_name = gnuplot::charts_dir(out_dir, res);
  if (dir_name.empty()) return res;
  const fs::path dir(dir_name);
  for (const auto& g : groups) {
    Chart c;
    c.kind = "ratio";
    c.group = g;
    c.title = "B/A time with 95% intervals: " + g;
    const std::string base = (dir / ("compare-" + gnuplot::slug(g))).string();
    c.png = base + ".png", c.svg = base + ".svg", c.script = base + ".gp";
    if (!gnuplot::write_and_draw(res, c, compare_script(c, members[g]), program)) return res;
  }
  return res;
}

void write_compare_html(std::ostream& os, const RunComparison& c, const CompareContext& ctx,
                        const ChartResult& charts) {
  using html::esc;
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mmbench compare</title>\n<style>"
     << html::kStyle << "</style></head><body>\n<h1>mmbench compare</h1>\n<p><b>A:</b> " << esc(ctx.a)
     << "<br><b>B:</b> " << esc(ctx.b) << "</p>\n<p class=\"small\">" << esc(ctx.delta_text) << "</p>\n";
  for (const auto& n : ctx.notes) os << "<div class=\"warn\">" << esc(n) << "</div>\n";
  for (const auto& w : charts.warnings) os << "<div class=\"warn\">" << esc(w) << "</div>\n";
  os << "<h2>Decision</h2>\n<p class=\"decision\"><b>" << esc(compare_decision_text(c)) << "</b></p>\n";
  if (!ctx.differences.empty()) {
    os << "<h2>What differs</h2>\n<table><tr><th class=\"l\">what</th><th class=\"l\">A</th><th class=\"l\">B</th>"
          "</tr>\n";
    for (const auto& d : ctx.differences)
      os << "<tr><td class=\"l\">" << esc(d.what) << "</td><td class=\"l\">" << esc(d.a) << "</td><td class=\"l\">"
         << esc(d.b) << "</td></tr>\n";
    os << "</table>\n";
  }
  os << "<h2>Points</h2>\n<table><tr><th class=\"l\">point</th><th>A</th><th>B</th><th>B/A time [95% interval]</th>"
        "<th>delta</th><th>runs</th><th class=\"l\">verdict</th></tr>\n";
  for (const auto& p : c.points)
    os << "<tr><td class=\"l\">" << esc(p.key.label()) << "</td><td>" << esc(compare_time_text(p, false)) << "</td><td>"
       << esc(compare_time_text(p, true)) << "</td><td>"
       << esc(p.effect ? ratio_text(p.effect->ratio, p.effect->low, p.effect->high) : "-") << "</td><td>"
       << fmt::format("{:.1f}%", p.delta * 100) << "</td><td>" << p.runs_a << "/" << p.runs_b << "</td><td class=\"l "
       << cell_class(p) << "\">" << esc(verdict_text(p)) << "</td></tr>\n";
  os << "</table>\n";
  if (!c.backends.empty()) {
    os << "<h2>Per backend</h2>\n<table><tr><th class=\"l\">backend</th><th>geometric mean of B/A [95% interval]"
          "</th><th class=\"l\">points</th></tr>\n";
    for (const auto& s : c.backends)
      os << "<tr><td class=\"l\">" << esc(s.backend) << "</td><td>"
         << esc(s.effect.points ? ratio_text(s.effect.ratio, s.effect.low, s.effect.high) : "-")
         << "</td><td class=\"l\">" << esc(compare_backend_counts(s)) << "</td></tr>\n";
    os << "</table>\n";
  }
  if (!c.only_a.empty() || !c.only_b.empty()) {
    os << "<h2>Not compared</h2>\n<ul>\n";
    for (const auto& k : c.only_a) os << "<li>only in A: " << esc(k.label()) << "</li>\n";
    for (const auto& k : c.only_b) os << "<li>only in B: " << esc(k.label()) << "</li>\n";
    os << "</ul>\n";
  }
  if (!charts.charts.empty()) {
    os << "<h2>Charts</h2>\n";
    for (const auto& ch : charts.charts)
      os << "<figure class=\"chart\" data-kind=\"ratio\">" << html::svg_img(ch.svg, ch.title) << "<figcaption>"
         << esc(ch.title) << " — script " << esc(std::filesystem::path(ch.script).filename().string())
         << " in charts/</figcaption></figure>\n";
  }
  os << "</body></html>\n";
}

}  // namespace mmbench
