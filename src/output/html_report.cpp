// report.html. Charts are embedded as base64 data URIs of gnuplot's SVG (an <img>, not inline SVG: gnuplot reuses
// element ids in every file, which would collide inline). Everything the page shows comes from the Report,
// the Analysis and the chart files, so `mmbench report` re-renders it identically. Its sentences about the analysis
// are analysis_text.hpp's, the same as analysis.txt's.
#include "mmbench/html_report.hpp"

#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "html_parts.hpp"
#include "mmbench/analysis_text.hpp"
#include "mmbench/sinks.hpp"

namespace mmbench {
namespace {

using html::esc;
using html::kStyle;

// "theoretical 153.6: 4 cores x 2.40 GHz x ..." or why it is unknown.
std::string theoretical_text(const Roofs& r) {
  return r.fp32_theoretical_gflops > 0
             ? fmt::format("theoretical {:.1f}: {}", r.fp32_theoretical_gflops, r.theoretical_assumption)
         : r.theoretical_assumption.empty() ? std::string("theoretical peak unknown")
                                            : r.theoretical_assumption;
}

std::string fact(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

void write_html_report(std::ostream& os, const Report& rep, const Analysis& an, const ChartResult& charts) {
  const nlohmann::json env = rep.runs.empty() ? nlohmann::json::object() : rep.runs.back().environment;
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>mmbench report — "
     << esc(env.value("cpu_model", std::string("unknown machine"))) << "</title>\n<style>" << kStyle
     << "</style></head><body>\n";
  os << "<h1>mmbench: how fast does this machine multiply matrices, and why</h1>\n<p class=\"small\">"
     << esc(fmt::format("{} · {} logical CPUs · {} · run started {}", env.value("cpu_model", std::string("?")),
                        env.value("logical_cpus", 0), env.value("os", std::string("?")),
                        env.value("started_at", std::string("?"))))
     << "</p>\n";

  // Warnings first: they qualify every number below.
  os << "<h2 id=\"warnings\">Warnings</h2>\n";
  size_t nwarn = 0;
  for (const auto& run : rep.runs)
    for (const auto& w : run.warnings)
      os << "<div class=\"warn\">run " << run.id << ": " << esc(w) << "</div>\n", ++nwarn;
  for (const auto& r : rep.records)
    for (const auto& n : r.notes)
      os << "<div class=\"warn\">" << esc(r.key.label()) << ": " << esc(n) << "</div>\n", ++nwarn;
  for (const auto& r : rep.records)
    if (r.status != Status::ok)
      os << "<div class=\"warn\">" << esc(r.key.label()) << ": <b>" << to_string(r.status) << "</b> — " << esc(r.reason)
         << "</div>\n",
          ++nwarn;
  for (const auto& w : charts.warnings) os << "<div class=\"warn\">" << esc(w) << "</div>\n", ++nwarn;
  if (!nwarn) os << "<p>None.</p>\n";

  os << "<h2 id=\"results\">Results</h2>\n<p>GFLOP/s of the median time per call (± half-width of its 95% "
        "interval); bold: fastest verified result of the row; ~ noisy (budget spent before the interval was "
        "tight). Every result was verified against the reference before its time was kept.</p>\n";
  const ComparisonTable t = comparison_table(rep);
  os << "<table id=\"summary\"><thead><tr><th class=\"l\">dtype M×N×K</th>";
  for (const auto& b : t.backends) os << "<th>" << esc(b) << "</th>";
  os << "</tr></thead><tbody>\n";
  for (const auto& row : t.rows) {
    os << "<tr><td class=\"l\">" << esc(row.label) << "</td>";
    for (const auto& c : row.cells) {
      const char* cls = !c.record                                                                   ? "muted"
                        : (c.record->status == Status::failed || c.record->status == Status::wrong) ? "bad"
                        : c.fastest                                                                 ? "fast"
                        : is_success(c.record->status)                                              ? ""
                                                                                                    : "muted";
      os << "<td class=\"" << cls << "\"" << (c.record ? " title=\"" + esc(c.record->reason) + "\"" : "") << ">"
         << esc(c.text) << "</td>";
    }
    os << "</tr>\n";
  }
  os << "</tbody></table>\n";

  os << "<h2 id=\"charts\">Charts</h2>\n";
  if (charts.disabled)
    os << "<p>Charts were not requested (--no-charts).</p>\n";
  else if (charts.charts.empty())
    os << "<p>No charts were drawn (see the warnings).</p>\n";
  for (const auto& c : charts.charts) {
    os << "<figure class=\"chart\" data-kind=\"" << c.kind << "\">" << html::svg_img(c.svg, c.title) << "<figcaption>"
       << esc(c.title) << " — " << esc(std::filesystem::path(c.png).filename().string()) << " / .svg, script "
       << esc(std::filesystem::path(c.script).filename().string()) << " in charts/</figcaption></figure>\n";
  }

  os << "<h2 id=\"fits\">Fits: how time grows with size</h2>\n<p>Weighted least squares (errors: the standard "
        "error of each median); parameter errors valid for Δχ² = 1, as Minuit's HESSE gives them. A model "
        "describes the data when χ²/NDf ≤ 1 + 3·√(2/NDf).</p>\n";
  for (const auto& sa : an.series) {
    const Series& s = sa.series;
    os << "<h3>" << esc(s.label()) << " <span class=\"small\">(" << esc(std::string(to_string(s.mode))) << ", "
       << s.threads << " threads, " << s.points.size() << " points)</span></h3>\n<p><b>" << esc(fit_verdict(sa))
       << "</b></p>\n";
    for (const auto& e : s.excluded) os << "<p class=\"small\">not fitted: " << esc(e) << "</p>\n";
    for (const auto& p : sa.fit_problems) os << "<p class=\"small\">no fit: " << esc(fit_problem_text(p)) << "</p>\n";
    for (const std::string& n : {no_verdict_text(sa), device_roofs_text(sa)})
      if (!n.empty()) os << "<p class=\"small\">" << esc(n) << "</p>\n";
    if (!sa.fits.empty()) {
      os << "<table class=\"fits\"><thead><tr><th class=\"l\">model</th><th>χ²/NDf</th><th class=\"l\">"
            "parameters ± errors</th></tr></thead><tbody>\n";
      for (const auto& f : sa.fits) {
        std::string params;
        for (const auto& p : f.params)
          params += fmt::format("{}{} = {:.6g} ± {:.3g}", params.empty() ? "" : ", ", p.name, p.value, p.error);
        os << "<tr><td class=\"l\">" << esc(model_formula(f.model)) << "</td><td>"
           << fmt::format("{:.4g}", f.reduced_chi2()) << "</td><td class=\"l\">" << esc(params) << "</td></tr>\n";
      }
      os << "</tbody></table>\n<details><summary>Minuit-style summaries</summary>";
      for (const auto& f : sa.fits) os << "<pre>" << esc(model_formula(f.model) + "\n" + minuit_summary(f)) << "</pre>";
      os << "</details>\n";
    }
  }

  os << "<h2 id=\"roofline\">Roofline: compute- or memory-bound?</h2>\n";
  if (!an.roofs) {
    os << "<p>This run has no measured roofs (run without <code>--no-probe</code>, or see <code>mmbench "
          "probe</code>).</p>\n";
  } else {
    const Roofs& r = *an.roofs;
    os << "<p>"
       << esc(fmt::format("Measured in this run with {} threads ({}): FP32 peak {:.1f} GFLOP/s (FMA kernel; {}), "
                          "read bandwidth {:.1f} GB/s, triad {:.1f} GB/s, ridge point {:.1f} flop/byte.",
                          r.threads, r.isa, r.fp32_peak_gflops, theoretical_text(r), r.read_bandwidth_gbs,
                          r.triad_bandwidth_gbs, r.fp32_peak_gflops / r.read_bandwidth_gbs));
    for (const auto& c : r.by_cpus)
      os << esc(fmt::format(
          " Pinned to cpus {} ({} thread{}): FP32 peak {:.1f} GFLOP/s ({}), read {:.1f} GB/s; "
          "the series on these CPUs are judged by these roofs.",
          c.cpus, c.threads, c.threads == 1 ? "" : "s", c.fp32_peak_gflops, theoretical_text(c), c.read_bandwidth_gbs));
    os << " Attainable = min(peak, intensity × read bandwidth); intensity counts the minimum traffic (A and B read "
          "once, C written once). Above 100% where the DRAM roof applies is flagged as a measurement error; hot "
          "data that fit in the last-level cache are marked “in cache”.</p>\n";
    os << "<table id=\"verdicts\"><thead><tr><th class=\"l\">series</th><th>size</th><th>GFLOP/s</th>"
          "<th>intensity</th><th>attainable</th><th>% of attainable</th><th class=\"l\">verdict</th></tr></thead>"
          "<tbody>\n";
    for (const auto& sa : an.series)
      for (size_t i = 0; i < sa.verdicts.size(); ++i)
        if (const auto& v = sa.verdicts[i]) {
          const auto& p = sa.series.points[i];
          os << "<tr><td class=\"l\">" << esc(sa.series.label()) << "</td><td>"
             << esc(fmt::format("{}={:g}", sa.series.axis(), p.x)) << "</td><td>" << fmt::format("{:.1f}", p.gflops)
             << "</td><td>" << fmt::format("{:.2f}", v->intensity) << "</td><td>"
             << fmt::format("{:.1f}", v->attainable_gflops) << "</td><td" << (v->above_roof ? " class=\"bad\"" : "")
             << ">" << fmt::format("{:.0f}%", v->pct_of_attainable) << "</td><td class=\"l\">" << esc(bound_text(*v))
             << "</td></tr>\n";
        }
    os << "</tbody></table>\n";
  }

  os << "<h2 id=\"steps\">Steps</h2>\n<p>Sizes where the time per flop jumps by ≥ 10% beyond the local trend "
        "(and beyond the measured spreads).</p>\n<ul>\n";
  size_t nsteps = 0;
  for (const auto& sa : an.series)
    for (const auto& st : sa.steps)
      os << "<li>" << esc(sa.series.label() + ": " + step_text(sa.series, st)) << "</li>\n", ++nsteps;
  if (!nsteps) os << "<li>none found</li>\n";
  os << "</ul>\n";

  os << "<h2 id=\"crossovers\">Crossovers</h2>\n<ul>\n";
  for (const auto& c : an.comparisons) os << "<li>[" << esc(c.group) << "] " << esc(comparison_text(c)) << "</li>\n";
  if (an.comparisons.empty()) os << "<li>only one backend in each group: nothing to compare</li>\n";
  os << "</ul>\n";

  os << "<h2 id=\"environment\">Environment</h2>\n";
  for (const auto& run : rep.runs) {
    os << "<table class=\"env\"><thead><tr><th class=\"l\" colspan=\"2\">run " << run.id << " (" << esc(run.started_at)
       << ")</th></tr></thead><tbody>\n";
    for (const auto& [k, v] : run.environment.items())
      os << "<tr><td class=\"l\">" << esc(k) << "</td><td class=\"l\">" << esc(fact(v)) << "</td></tr>\n";
    os << "</tbody></table>\n";
  }
  os << "<p class=\"small\">Generated by mmbench " << esc(env.value("mmbench_version", std::string("?")))
     << " from results.db; re-render with <code>mmbench report &lt;folder&gt;</code>.</p>\n</body></html>\n";
}

}  // namespace mmbench
