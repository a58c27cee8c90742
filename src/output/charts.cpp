// gnuplot charts. Data go inline in each script as datablocks, so `gnuplot charts/<name>.gp` redraws a chart
// without mmbench. Okabe–Ito colours (safe for the common colour-vision deficiencies) plus a distinct point type
// per backend, so the charts also read in greyscale. pngcairo, not png: the plain png terminal drops dashes.
#include "mmbench/charts.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "gnuplot.hpp"

namespace mmbench {
namespace {

using gnuplot::footer;
using gnuplot::header;
using gnuplot::is_geometric;
using gnuplot::kColours;
using gnuplot::quoted;
using gnuplot::slug;
using gnuplot::style_lines;
using gnuplot::x_axis;

std::vector<double> all_sizes(const std::vector<const SeriesAnalysis*>& series) {
  std::set<double> xs;
  for (const auto* s : series)
    for (const auto& p : s->series.points) xs.insert(p.x);
  return {xs.begin(), xs.end()};
}

std::string axis_label(const Series& s) {
  if (s.family() == "NxNxN") return "N (M = N = K)";
  std::string fixed;
  auto add = [&](int64_t v, const char* n) {
    if (v) fixed += fmt::format("{}{} = {}", fixed.empty() ? "" : ", ", n, v);
  };
  add(s.fixed_m, "M"), add(s.fixed_n, "N"), add(s.fixed_k, "K");
  return fmt::format("{} ({})", s.axis(), fixed);
}

std::string rate_unit(DType d) {
  return is_integer(d) ? "GOP/s" : "GFLOP/s";
}

}  // namespace

std::vector<double> bar_sizes(const std::vector<const SeriesAnalysis*>& series, const std::vector<double>& asked) {
  auto xs = all_sizes(series);
  std::vector<double> common;  // sizes every backend has a verified time for: bars side by side, no gaps
  for (double x : xs)
    if (std::all_of(series.begin(), series.end(), [&](const SeriesAnalysis* s) {
          return std::any_of(s->series.points.begin(), s->series.points.end(), [&](const auto& p) { return p.x == x; });
        }))
      common.push_back(x);
  if (!asked.empty()) {
    std::vector<double> out;
    for (double a : asked)
      if (std::find(xs.begin(), xs.end(), a) != xs.end()) out.push_back(a);
    return out;
  }
  if (common.size() >= 2) xs = common;
  if (xs.size() <= 4) return xs;
  std::vector<double> out;
  for (int i = 0; i < 4; ++i) out.push_back(xs[std::lround(i * (xs.size() - 1) / 3.0)]);
  return out;
}

std::string gnuplot_script(const Chart& c, const std::vector<const SeriesAnalysis*>& series, const ChartOptions& o) {
  std::string s = header(c);
  style_lines(s, series.size());
  const Series& first = series.front()->series;
  const auto xs = all_sizes(series);
  const bool log_scale = o.scale == "log" || (o.scale == "auto" && is_geometric(xs));
  const std::string unit = rate_unit(first.dtype);

  if (c.kind == "bar") {
    const auto sizes = bar_sizes(series, o.bar_sizes);
    const bool time = o.bar_metric == "time";
    s += "$bars << EOD\n";
    for (double x : sizes) {
      s += gnuplot::data_quoted(fmt::format("{}={:g}", first.axis(), x));
      for (const auto* sa : series) {
        auto it = std::find_if(sa->series.points.begin(), sa->series.points.end(),
                               [&](const SeriesPoint& p) { return p.x == x; });
        if (it == sa->series.points.end())
          s += " ? ?";
        else if (time)
          s += fmt::format(" {:.6g} {:.3g}", it->t * 1e3, it->sigma * 1e3);
        else
          s += fmt::format(" {:.6g} {:.3g}", it->gflops, it->gflops * it->sigma / it->t);
      }
      s += "\n";
    }
    s += "EOD\n";
    s += fmt::format(
        "set style data histogram\nset style histogram errorbars gap 1.5 lw 1\n"
        "set style fill solid 1.0 border rgb '#333333'\nset boxwidth 0.9\nset yrange [0:*]\n"
        "set ylabel {}\nset xlabel {}\nset key outside right top box opaque\n"
        "set grid noxtics ytics\n",
        quoted(time ? "median time per call (ms, lower is better)" : "median " + unit + " (higher is better)"),
        quoted(axis_label(first)));
    s += "plot ";
    for (size_t i = 0; i < series.size(); ++i)
      s += fmt::format("{}$bars using {}:{}{} ls {} lc rgb '{}' title {}", i ? ", \\\n     " : "", 2 + 2 * i, 3 + 2 * i,
                       i ? "" : ":xtic(1)", i + 1, kColours[i % 8], quoted(series[i]->series.name()));
    s += "\n";
  } else if (c.kind == "time") {
    for (size_t i = 0; i < series.size(); ++i) {
      const auto& sa = *series[i];
      s += fmt::format("$m{} << EOD\n", i);
      for (const auto& p : sa.series.points) s += fmt::format("{:g} {:.6g} {:.3g}\n", p.x, p.t * 1e3, p.sigma * 1e3);
      s += "EOD\n";
      if (const FitResult* f = sa.best_fit(); f && sa.series.points.size() >= 2) {
        s += fmt::format("$f{} << EOD\n", i);
        const double lo = sa.series.points.front().x, hi = sa.series.points.back().x;
        for (int k = 0; k <= 200; ++k) {
          const double x = log_scale ? lo * std::pow(hi / lo, k / 200.0) : lo + (hi - lo) * k / 200.0;
          s += fmt::format("{:.6g} {:.6g}\n", x, 1e3 * evaluate(*f, x, sa.series.flops_at(x)));
        }
        s += "EOD\n";
      }
    }
    s += fmt::format(
        "set xlabel {}\nset ylabel 'median time per call, ms (error bars: ±1 standard error)'\n"
        "set format y '%g'\nset key outside right top box opaque\n",
        quoted(axis_label(first)));
    s += "set logscale y\n";  // times span orders of magnitude over any sweep
    s += x_axis(xs, log_scale);
    s += "plot ";
    for (size_t i = 0; i < series.size(); ++i) {
      const auto& sa = *series[i];
      s += fmt::format("{}$m{} using 1:2:3 with yerrorbars ls {} title {}", i ? ", \\\n     " : "", i, i + 1,
                       quoted(sa.series.name()));
      if (const FitResult* f = sa.best_fit(); f && sa.series.points.size() >= 2)
        s += fmt::format(", \\\n     $f{} with lines ls {} dt 2 lw 1.5 title {}", i, i + 1,
                         quoted(fmt::format("  fit: {} (chi2/NDf {:.3g})", to_string(f->model), f->reduced_chi2())));
    }
    s += "\n";
  } else if (c.kind == "roofline") {
    // Markers at (intensity, GFLOP/s) per backend; the roof min(peak, intensity x read bandwidth) as a line.
    double lo = 1e30, hi = 0, peak = 0, bw = 0;
    for (size_t i = 0; i < series.size(); ++i) {
      s += fmt::format("$r{} << EOD\n", i);
      for (size_t k = 0; k < series[i]->verdicts.size(); ++k)
        if (const auto& v = series[i]->verdicts[k]) {
          s += fmt::format("{:.6g} {:.6g}\n", v->intensity, series[i]->series.points[k].gflops);
          lo = std::min(lo, v->intensity), hi = std::max(hi, v->intensity);
          peak = std::max(peak, v->peak_gflops);
          bw = v->attainable_gflops < v->peak_gflops ? v->attainable_gflops / v->intensity : bw;
        }
      s += "EOD\n";
    }
    if (o.read_bandwidth_gbs > 0) bw = o.read_bandwidth_gbs;
    lo = std::min(lo, peak / bw) / 2, hi = std::max(hi, peak / bw) * 2;
    s += "$roof << EOD\n";
    for (int k = 0; k <= 100; ++k) {
      const double x = lo * std::pow(hi / lo, k / 100.0);
      s += fmt::format("{:.6g} {:.6g}\n", x, std::min(peak, x * bw));
    }
    s += "EOD\n";
    s += fmt::format(
        "set logscale xy\nset xrange [{:.6g}:{:.6g}]\nset xlabel 'arithmetic intensity (flop per byte of "
        "minimum traffic)'\nset ylabel {}\nset key bottom right box opaque\n",
        lo, hi, quoted("median " + unit));
    s += fmt::format("plot $roof with lines lc rgb '#444444' lw 2 title {}",
                     quoted(fmt::format("roof: min({:.0f}, I x {:.1f} GB/s read)", peak, bw)));
    for (size_t i = 0; i < series.size(); ++i)
      s += fmt::format(", \\\n     $r{} with points ls {} ps 1.4 title {}", i, i + 1, quoted(series[i]->series.name()));
    s += "\n";
  } else {  // gflops
    for (size_t i = 0; i < series.size(); ++i) {
      s += fmt::format("$g{} << EOD\n", i);
      for (const auto& p : series[i]->series.points)
        s += fmt::format("{:g} {:.6g} {:.3g}\n", p.x, p.gflops, p.gflops * p.sigma / p.t);
      s += "EOD\n";
    }
    s += fmt::format("set xlabel {}\nset ylabel {}\nset yrange [0:*]\nset key outside right top box opaque\n",
                     quoted(axis_label(first)), quoted("median " + unit + " (2·M·N·K / time)"));
    s += x_axis(xs, log_scale);
    const auto peak = o.peak_gflops.find(std::string(to_string(first.dtype)));
    double top = 0;  // a GPU in the same group can be far above the CPU's peak: never clip its points
    for (const auto* m : series)
      for (const auto& p : m->series.points) top = std::max(top, p.gflops);
    if (peak != o.peak_gflops.end()) s += fmt::format("set yrange [0:{:.6g}]\n", 1.1 * std::max(peak->second, top));
    s += "plot ";
    for (size_t i = 0; i < series.size(); ++i)
      s += fmt::format("{}$g{} using 1:2:3 with yerrorlines ls {} title {}", i ? ", \\\n     " : "", i, i + 1,
                       quoted(series[i]->series.name()));
    if (peak != o.peak_gflops.end())
      s += fmt::format(", \\\n     {:.6g} with lines lc rgb '#444444' dt 3 lw 2 title {}", peak->second,
                       quoted(fmt::format("CPU peak {:.0f} {}", peak->second, unit)));
    s += "\n";
  }
  return s + footer(c);
}

ChartResult write_charts(const std::string& out_dir, const Report& rep, const Analysis& an, const ChartOptions& o) {
  ChartResult res;
  res.disabled = !o.enabled;
  if (!o.enabled) return res;
  namespace fs = std::filesystem;
  const std::string dir_name = gnuplot::charts_dir(out_dir, res);
  if (dir_name.empty()) return res;
  const fs::path dir(dir_name);
  std::string machine;
  if (!rep.runs.empty()) {
    const auto& env = rep.runs.back().environment;
    machine =
        fmt::format("{} ({} CPUs)", env.value("cpu_model", std::string("unknown CPU")), env.value("logical_cpus", 0));
  }
  std::vector<std::string> groups;
  for (const auto& sa : an.series)
    if (!sa.series.points.empty() && std::find(groups.begin(), groups.end(), sa.series.group()) == groups.end())
      groups.push_back(sa.series.group());

  for (const auto& g : groups) {
    std::vector<const SeriesAnalysis*> members;
    for (const auto& sa : an.series)
      if (sa.series.group() == g && !sa.series.points.empty()) members.push_back(&sa);
    const Series& s0 = members.front()->series;
    const std::string what = fmt::format("{} {}, {} mode, {} threads", to_string(s0.dtype), s0.family(),
                                         to_string(s0.mode), s0.threads ? std::to_string(s0.threads) : "all");
    // The roofline chart draws this host's roof, so only the series it judges (a GPU's verdicts use its own).
    std::vector<const SeriesAnalysis*> host_members;
    for (const auto* m : members)
      if (m->series.on_host()) host_members.push_back(m);
    const bool roofs = std::any_of(host_members.begin(), host_members.end(), [](const SeriesAnalysis* m) {
      return std::any_of(m->verdicts.begin(), m->verdicts.end(), [](const auto& v) { return v.has_value(); });
    });
    for (const char* kind : {"bar", "time", "gflops", "roofline"}) {
      if (std::string(kind) == "roofline" && !roofs) continue;
      Chart c;
      c.kind = kind;
      c.group = g;
      const std::string k = kind;
      c.title = fmt::format("{}: {} on {}",
                            k == "bar"        ? "Backends side by side"
                            : k == "time"     ? "Time per call"
                            : k == "roofline" ? "Roofline"
                                              : "Throughput",
                            what, machine);
      const std::string base = (dir / (k + "-" + slug(g))).string();
      c.png = base + ".png", c.svg = base + ".svg", c.script = base + ".gp";
      if (k == "bar" && bar_sizes(members, o.bar_sizes).empty()) {
        res.warnings.push_back("bar chart for " + g + ": none of the requested sizes (--bar-sizes) was measured");
        continue;
      }
      if (!gnuplot::write_and_draw(res, c, gnuplot_script(c, k == "roofline" ? host_members : members, o), o.gnuplot))
        return res;
    }
  }
  return res;
}

}  // namespace mmbench
