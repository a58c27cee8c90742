// gnuplot charts. Data go inline in each script as datablocks, so `gnuplot charts/<name>.gp` redraws a chart
// without mmbench. Okabe–Ito colours (safe for the common colour-vision deficiencies) plus a distinct point type
// per backend, so the charts also read in greyscale. pngcairo, not png: the plain png terminal drops dashes.
#include "mmbench/charts.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "mmbench/error.hpp"
#include "mmbench/output_file.hpp"

extern char** environ;

namespace mmbench {
namespace {

constexpr const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#E69F00",
                                    "#CC79A7", "#56B4E9", "#000000", "#F0E442"};
constexpr int kPointTypes[] = {7, 5, 9, 11, 13, 15, 4, 6};

std::string slug(const std::string& s) {
  std::string o;
  for (char c : s) o += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return o;
}

std::string quoted(const std::string& s) {  // a gnuplot double-quoted string
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

bool is_geometric(const std::vector<double>& xs) {
  if (xs.size() < 3 || xs.front() <= 0 || xs.back() / xs.front() < 8) return false;
  for (size_t i = 1; i < xs.size(); ++i)
    if (xs[i] / xs[i - 1] < 1.5) return false;
  return true;
}

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

// The size axis: log2 with a tic at every measured size for geometric sweeps, linear otherwise; padded so the
// first and last points do not sit on the border.
std::string x_axis(const std::vector<double>& xs, bool log_scale) {
  if (xs.empty()) return "";
  if (!log_scale) {
    const double pad = 0.03 * (xs.back() - xs.front()) + 1;
    return fmt::format("set xrange [{:g}:{:g}]\n", xs.front() - pad, xs.back() + pad);
  }
  std::string tics;
  for (double x : xs) tics += fmt::format("{}{:g}", tics.empty() ? "" : ", ", x);
  return fmt::format("set logscale x 2\nset xrange [{:g}:{:g}]\nset xtics ({})\n", xs.front() / 1.15, xs.back() * 1.15,
                     tics);
}

std::string rate_unit(DType d) {
  return is_integer(d) ? "GOP/s" : "GFLOP/s";
}

void style_lines(std::string& s, size_t n) {
  for (size_t i = 0; i < n; ++i)
    s += fmt::format("set style line {} lc rgb '{}' lw 2 pt {} ps 1.0\n", i + 1, kColours[i % 8], kPointTypes[i % 8]);
}

std::string header(const Chart& c) {
  return fmt::format(
      "# mmbench chart ({}): {}\n# Redraw with: gnuplot {}\n"
      "set encoding utf8\nset termoption noenhanced\nset datafile missing '?'\n"
      "set terminal pngcairo size 1100,650 font 'DejaVu Sans,11'\nset output {}\n"
      "set title {} font ',13'\nset grid lc rgb '#dddddd'\nset border lc rgb '#555555'\n",
      c.kind, c.title, std::filesystem::path(c.script).filename().string(),
      quoted(std::filesystem::path(c.png).filename().string()), quoted(c.title));
}

std::string footer(const Chart& c) {
  return fmt::format(
      "set terminal svg size 1100,650 dynamic font 'DejaVu Sans,11' background '#ffffff'\n"
      "set output {}\nreplot\nunset output\n",
      quoted(std::filesystem::path(c.svg).filename().string()));
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
      s += quoted(fmt::format("{}={:g}", first.axis(), x));
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
  const fs::path dir = fs::path(out_dir) / "charts";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    res.warnings.push_back("charts skipped: cannot create " + dir.string() + ": " + ec.message());
    return res;
  }
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
      try {
        write_output_file(
            c.script, [&](std::ostream& f) { f << gnuplot_script(c, k == "roofline" ? host_members : members, o); });
      } catch (const Error& e) {
        res.warnings.push_back(std::string("charts skipped: ") + e.what());
        return res;
      }
      // gnuplot runs in the charts folder so the script's relative output names work when re-run by hand too.
      const std::string log = base + ".log";
      // gnuplot opens its outputs as they are: a symlink left at one of these names would be written through.
      for (const auto& p : {c.svg, c.png, log}) fs::remove(p, ec);
      posix_spawn_file_actions_t fa;
      posix_spawn_file_actions_init(&fa);
      posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
      posix_spawn_file_actions_addchdir_np(&fa, dir.c_str());
      const std::string script_name = fs::path(c.script).filename().string();
      char* argv[] = {const_cast<char*>(o.gnuplot.c_str()), const_cast<char*>(script_name.c_str()), nullptr};
      pid_t pid = 0;
      const int rc = posix_spawnp(&pid, o.gnuplot.c_str(), &fa, nullptr, argv, environ);
      posix_spawn_file_actions_destroy(&fa);
      if (rc != 0) {
        res.warnings.push_back(fmt::format("charts skipped: cannot run '{}' ({}); install it (Debian: gnuplot-nox)",
                                           o.gnuplot, std::strerror(rc)));
        fs::remove(log, ec);
        return res;
      }
      int status = 0;
      waitpid(pid, &status, 0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(c.svg) || !fs::exists(c.png)) {
        std::ifstream lf(log);
        std::string first;
        std::getline(lf, first);
        res.warnings.push_back(fmt::format("{} chart for {} failed: gnuplot said: {} (script kept: {})", k, g,
                                           first.empty() ? "nothing" : first, c.script));
        continue;
      }
      fs::remove(log, ec);
      res.charts.push_back(c);
    }
  }
  return res;
}

}  // namespace mmbench
