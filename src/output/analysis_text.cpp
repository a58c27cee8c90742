// The analysis in words: each sentence has one function here, and analysis.txt, the console, `mmbench fit` and
// report.html all call them, so that no output words a result its own way.
#include "mmbench/analysis_text.hpp"

#include <cmath>

#include <fmt/format.h>

namespace mmbench {
namespace {

std::string num(double x) {
  return fmt::format("{:g}", std::round(x));
}

}  // namespace

std::string minuit_summary(const FitResult& r) {
  std::string s = "Minimizer is " + r.minimizer + "\n";
  auto line = [&](std::string_view name, std::string value) { s += fmt::format("{:<26}={:>13}\n", name, value); };
  line("Chi2", fmt::format("{:g}", r.chi2));
  line("NDf", fmt::format("{}", r.ndf));
  line("Edm", fmt::format("{:g}", r.edm));
  line("NCalls", fmt::format("{}", r.ncalls));
  for (const auto& p : r.params) s += fmt::format("{:<26}={:>13g}   +/-   {:<12g}\n", p.name, p.value, p.error);
  return s;
}

std::string fit_verdict(const SeriesAnalysis& sa) {
  const FitResult* b = sa.best_fit();
  if (!b) return "no model fitted";
  if (b->consistent())
    return fmt::format("{} describes the data (chi2/NDf = {:.3g})", to_string(b->model), b->reduced_chi2());
  return fmt::format("no model describes the data within the measured spreads; closest: {} (chi2/NDf = {:.3g})",
                     to_string(b->model), b->reduced_chi2());
}

std::string fit_problem_text(const FitProblem& p) {
  return fmt::format("{}: {}", to_string(p.model), p.reason);
}

std::string overhead_text(const FitResult& b) {
  return fmt::format("fixed cost per call t0 = {:.3g} ± {:.2g} s, asymptotic throughput P = {:.4g} ± {:.2g} GFLOP/s",
                     b.params[0].value, b.params[0].error, b.params[1].value, b.params[1].error);
}

std::string step_text(const Series& s, const Step& st) {
  return fmt::format("{} = {:g} -> {:g}: time per flop {:+.0f}% ({:.1f} -> {:.1f} GFLOP/s, {:.1f} sigma)", s.axis(),
                     st.x_before, st.x_after, 100 * st.jump, st.gflops_before, st.gflops_after, st.sigmas);
}

std::string bound_text(const PointVerdict& v) {
  return v.verdict + (v.cache_resident ? " (in cache)" : "") +
         (v.above_roof ? "  ABOVE THE ROOF: a measurement error?" : "");
}

std::string roofline_text(const Series& s, const SeriesPoint& p, const PointVerdict& v) {
  const std::string roof = v.peak_source == PeakSource::fma_kernel ? fmt::format("peak {:.1f}", v.peak_gflops)
                           : v.peak_source == PeakSource::unknown  ? std::string("compute roof unknown")
                                                                   : fmt::format("best measured {:.1f}", v.peak_gflops);
  return fmt::format("{} = {:g}: {:.0f}% of attainable {:.1f} GFLOP/s ({}, intensity {:.2f} flop/B) - {}", s.axis(),
                     p.x, v.pct_of_attainable, v.attainable_gflops, roof, v.intensity, bound_text(v));
}

std::string no_verdict_text(const SeriesAnalysis& sa) {
  if (!sa.device_without_roofs) return "";
  return "no roofline verdict: this host's roofs (CPU peak, DRAM bandwidth) do not bound " + sa.series.device.name +
         ", and its backend measured no roofs of its own";
}

std::string device_roofs_text(const SeriesAnalysis& sa) {
  if (!sa.device_roof) return "";
  const DeviceRoof& d = *sa.device_roof;
  return fmt::format(
      "roofs of {}: memory {:.1f} GB/s ({}); compute: {}", d.device, d.bandwidth_gbs, d.how,
      sa.device_peak_gflops ? "the best measured on it" : "unknown (no point here was clear of the memory roof)");
}

std::string comparison_text(const Comparison& c) {
  if (!c.common) return fmt::format("{} and {}: no size measured by both", c.a, c.b);
  const std::string range = fmt::format("{} = {}..{}", c.axis, num(c.x_min), num(c.x_max));
  if (c.crossings.empty()) {
    if (c.faster.empty())
      return fmt::format("{} and {} are indistinguishable within their spreads at every size ({})", c.a, c.b, range);
    return fmt::format("never in the measured range: {} is faster than {} at {} size ({}), by {:.2f}-{:.2f}x", c.faster,
                       c.slower, c.ties ? "every distinguishable" : "every", range, c.ratio_low, c.ratio_high);
  }
  if (c.crossings.size() > 3) {  // an erratic pair: say so instead of a paragraph
    const auto& f = c.crossings.front();
    const auto& l = c.crossings.back();
    return fmt::format(
        "erratic: the faster of {} and {} changes {} times between {} = {} and {} (first: {} "
        "becomes faster between {} and {}; last: {} between {} and {}); see analysis.json",
        c.a, c.b, c.crossings.size(), c.axis, num(f.x_low), num(l.x_high), f.faster_after, num(f.x_low), num(f.x_high),
        l.faster_after, num(l.x_low), num(l.x_high));
  }
  std::string s;
  for (const auto& x : c.crossings) {
    if (!s.empty()) s += "; then ";
    s += fmt::format("{} becomes faster than {} between {} = {} and {}", x.faster_after, x.faster_before, c.axis,
                     num(x.x_low), num(x.x_high));
    if (x.x_est) s += fmt::format(" ({} at {} ≈ {})", to_string(x.estimate), c.axis, num(*x.x_est));
  }
  return s;
}

void write_analysis_text(std::ostream& os, const Analysis& a, bool full) {
  if (!full && !a.series.empty()) os << "Fits, steps and crossovers (details: analysis.txt, report.html):\n";
  for (const auto& sa : a.series) {
    const Series& s = sa.series;
    const FitResult* b = sa.best_fit();
    const std::string no_verdict = no_verdict_text(sa), device_roofs = device_roofs_text(sa);
    if (!full) {
      os << fmt::format("  {}: {}{}\n", s.label(), fit_verdict(sa),
                        b && b->model == Model::overhead ? "; " + overhead_text(*b) : "");
      for (const auto& st : sa.steps) os << "    step: " << step_text(s, st) << "\n";
      if (!no_verdict.empty()) os << "    " << no_verdict << "\n";
      if (!device_roofs.empty()) os << "    " << device_roofs << "\n";
      // The roofline at the largest size, and every point above a roof.
      for (size_t i = 0; i < sa.verdicts.size(); ++i)
        if (sa.verdicts[i] && (i + 1 == sa.verdicts.size() || sa.verdicts[i]->above_roof))
          os << "    " << roofline_text(s, s.points[i], *sa.verdicts[i]) << "\n";
      continue;
    }
    os << fmt::format("== {} ({} mode, {} threads): {} points\n", s.label(), to_string(s.mode), s.threads,
                      s.points.size());
    for (const auto& e : s.excluded) os << "   not fitted: " << e << "\n";
    for (const auto& p : sa.fit_problems) os << "   no fit: " << fit_problem_text(p) << "\n";
    for (const auto& f : sa.fits) {
      os << fmt::format("-- {}   chi2/NDf = {:.4g}{}\n", model_formula(f.model), f.reduced_chi2(),
                        f.converged ? "" : "   (minimiser did not report convergence)");
      os << minuit_summary(f);
    }
    os << "   verdict: " << fit_verdict(sa) << "\n";
    if (b && b->model == Model::overhead) os << "   " << overhead_text(*b) << "\n";
    if (sa.steps.empty() && s.points.size() >= 4) os << "   steps: none\n";
    for (const auto& st : sa.steps) os << "   step: " << step_text(s, st) << "\n";
    for (size_t i = 0; i < sa.verdicts.size(); ++i)
      if (sa.verdicts[i]) os << "   roofline: " << roofline_text(s, s.points[i], *sa.verdicts[i]) << "\n";
    if (!no_verdict.empty()) os << "   " << no_verdict << "\n";
    if (!device_roofs.empty()) os << "   " << device_roofs << "\n";
    os << "\n";
  }
  if (!a.comparisons.empty()) os << (full ? "== crossovers\n" : "Crossovers:\n");
  // The console keeps to the pairs that do cross once there are more than a few: nine backends make 36 pairs,
  // and a wall of "never in the measured range" lines hides the few crossings. analysis.txt has every pair.
  const bool all = full || a.comparisons.size() <= 3;
  size_t never = 0;
  for (const auto& c : a.comparisons) {
    if (all || !c.crossings.empty())
      os << fmt::format("  [{}] {}\n", c.group, comparison_text(c));
    else
      ++never;
  }
  if (never)
    os << fmt::format(
        "  {} other pair{} never cross{} in the measured range (analysis.txt lists each, with the "
        "ratio)\n",
        never, never == 1 ? "" : "s", never == 1 ? "es" : "");
}

}  // namespace mmbench
