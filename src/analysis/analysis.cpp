// Assembles the explanation of a run from its records: series → fits, best model, steps; pairs → crossovers.
// Also its JSON and text forms (analysis.json / analysis.txt and `mmbench fit`).
#include "mmbench/analysis.hpp"

#include <cmath>
#include <map>
#include <fmt/format.h>

#include "mmbench/error.hpp"

namespace mmbench {

std::string SeriesAnalysis::verdict() const {
  if (fits.empty()) return "no model fitted";
  const FitResult& b = fits[*best];
  if (b.consistent())
    return fmt::format("{} describes the data (chi2/NDf = {:.3g})", to_string(b.model), b.reduced_chi2());
  return fmt::format("no model describes the data within the measured spreads; closest: {} (chi2/NDf = {:.3g})",
                     to_string(b.model), b.reduced_chi2());
}

namespace {

// The problem of one point of a series (the series' fixed dimensions, x for the varying one).
Problem problem_at(const Series& s, const SeriesPoint& p) {
  const auto dim = [&](int64_t fixed) { return fixed ? fixed : static_cast<int64_t>(p.x); };
  return {dim(s.fixed_m), dim(s.fixed_n), dim(s.fixed_k), s.dtype};
}

}  // namespace

Analysis analyze(const std::vector<Record>& records, const std::vector<Model>& models,
                 const std::optional<Roofs>& roofs) {
  Analysis a;
  a.roofs = roofs;
  // dtype -> best verified GFLOP/s on this host: the roof of dtypes without a kernel (a GPU's result is no roof
  // for the CPU's libraries)
  std::map<std::string, double> best;
  auto all_series = build_series(records);
  // A device's compute roof: the best its backend reached in a dtype at points its memory clearly did not limit
  // (under half of intensity × its bandwidth). Without such a point it is unknown, and only the memory roof judges.
  std::map<std::pair<std::string, DType>, double> device_compute;
  const auto device_roof_of = [&](const std::string& backend) -> const DeviceRoof* {
    if (!roofs) return nullptr;
    const auto it = roofs->devices.find(backend);
    return it == roofs->devices.end() ? nullptr : &it->second;
  };
  for (const auto& s : all_series) {
    const DeviceRoof* dev = device_roof_of(s.backend);
    for (const auto& p : s.points) {
      if (s.on_host()) {
        double& b = best[std::string(to_string(s.dtype))];
        b = std::max(b, p.gflops);
      } else if (dev && p.gflops < 0.5 * problem_at(s, p).intensity() * dev->bandwidth_gbs) {
        double& d = device_compute[{s.backend, s.dtype}];
        d = std::max(d, p.gflops);
      }
    }
  }
  for (auto& built : all_series) {
    if (built.points.empty()) continue;  // nothing verified (all unsupported, failed, ...): the warnings list those
    SeriesAnalysis sa;
    sa.series = std::move(built);
    FitData d;
    for (const auto& p : sa.series.points) {
      d.x.push_back(p.x), d.y.push_back(p.t), d.sigma.push_back(p.sigma), d.flops.push_back(p.flops);
    }
    for (Model m : models) {
      try {
        sa.fits.push_back(fit(m, d));
      } catch (const UsageError& e) {
        std::string why = e.what();
        if (why.rfind("fit: ", 0) == 0) why = why.substr(5);
        sa.fit_problems.push_back(fmt::format("{}: {}", to_string(m), why));
      }
    }
    for (size_t i = 0; i < sa.fits.size(); ++i)
      if (!sa.best || sa.fits[i].reduced_chi2() < sa.fits[*sa.best].reduced_chi2()) sa.best = i;
    const FitResult* overhead = nullptr;  // the overhead model's fit: the steps' baseline and the verdicts' t0
    for (const auto& f : sa.fits)
      if (f.model == Model::overhead) overhead = &f;
    sa.steps = find_steps(sa.series, overhead ? overhead : sa.best_fit());
    const Series& s = sa.series;
    const DeviceRoof* dev = device_roof_of(s.backend);
    if (roofs && s.on_host()) {
      for (const auto& p : s.points)
        sa.verdicts.push_back(verdict_for(problem_at(s, p), s.mode, p.t, p.gflops, *roofs, best, overhead));
    } else if (roofs && dev) {
      // The device's memory as measured by its backend; its compute roof is the best this backend reached in this
      // dtype clear of the memory roof (no kernel of ours runs on it), or unknown: then memory alone judges.
      const auto compute = device_compute.find({s.backend, s.dtype});
      const std::optional<double> peak =
          compute == device_compute.end() ? std::nullopt : std::optional<double>(compute->second);
      sa.roof_note = fmt::format("roofs of {}: memory {:.1f} GB/s ({}); compute: {}", dev->device,
                                 dev->bandwidth_gbs, dev->how,
                                 peak ? "the best measured on it"
                                      : "unknown (no point here was clear of the memory roof)");
      for (const auto& p : s.points)
        sa.verdicts.push_back(verdict_against(problem_at(s, p), s.mode, p.t, p.gflops, peak, PeakSource::best_measured,
                                              dev->bandwidth_gbs, dev->cache_bytes, overhead));
    } else if (roofs) {
      sa.no_verdict = "no roofline verdict: this host's roofs (CPU peak, DRAM bandwidth) do not bound " +
                      s.device.name + ", and its backend measured no roofs of its own";
    }
    a.series.push_back(std::move(sa));
  }
  for (size_t i = 0; i < a.series.size(); ++i)
    for (size_t j = i + 1; j < a.series.size(); ++j) {
      const auto& x = a.series[i];
      const auto& y = a.series[j];
      if (x.series.group() != y.series.group() || x.series.backend == y.series.backend) continue;
      a.comparisons.push_back(compare(x.series, y.series, x.best_fit(), y.best_fit()));
    }
  return a;
}

nlohmann::json to_json(const FitResult& f) {
  nlohmann::json params = nlohmann::json::array();
  for (const auto& p : f.params) params.push_back({{"name", p.name}, {"value", p.value}, {"error", p.error}});
  return {{"model", to_string(f.model)}, {"formula", model_formula(f.model)}, {"parameters", params},
          {"chi2", f.chi2}, {"ndf", f.ndf}, {"reduced_chi2", f.reduced_chi2()}, {"edm", f.edm},
          {"ncalls", f.ncalls}, {"weighted", f.weighted}, {"converged", f.converged},
          {"consistent", f.consistent()}, {"minimizer", f.minimizer}};
}

nlohmann::json to_json(const Analysis& a) {
  nlohmann::json series = nlohmann::json::array(), comps = nlohmann::json::array();
  for (const auto& sa : a.series) {
    const Series& s = sa.series;
    nlohmann::json pts = nlohmann::json::array(), fits = nlohmann::json::array(), steps = nlohmann::json::array();
    for (size_t i = 0; i < s.points.size(); ++i) {
      const auto& p = s.points[i];
      nlohmann::json pt{{"x", p.x}, {"median_s", p.t}, {"sigma_s", p.sigma}, {"gflops", p.gflops},
                        {"status", to_string(p.status)}};
      if (i < sa.verdicts.size() && sa.verdicts[i]) {
        const PointVerdict& v = *sa.verdicts[i];
        pt["roofline"] = {{"intensity", v.intensity}, {"peak_gflops", v.peak_gflops},
                          {"peak_source", to_string(v.peak_source)}, {"attainable_gflops", v.attainable_gflops},
                          {"pct_of_attainable", v.pct_of_attainable}, {"verdict", v.verdict},
                          {"above_roof", v.above_roof}, {"cache_resident", v.cache_resident}};
      }
      pts.push_back(pt);
    }
    for (const auto& f : sa.fits) fits.push_back(to_json(f));
    for (const auto& st : sa.steps)
      steps.push_back({{"x_before", st.x_before}, {"x_after", st.x_after}, {"gflops_before", st.gflops_before},
                       {"gflops_after", st.gflops_after}, {"jump", st.jump}, {"sigmas", st.sigmas}});
    series.push_back({{"backend", s.backend}, {"dtype", to_string(s.dtype)}, {"mode", to_string(s.mode)},
                      {"threads", s.threads}, {"family", s.family()}, {"axis", s.axis()}, {"points", pts},
                      {"excluded", s.excluded}, {"fits", fits}, {"fit_problems", sa.fit_problems},
                      {"best_model", sa.best_fit() ? nlohmann::json(to_string(sa.best_fit()->model)) : nullptr},
                      {"verdict", sa.verdict()}, {"steps", steps}, {"device", s.device.text()}});
    if (!sa.no_verdict.empty()) series.back()["no_roofline_verdict"] = sa.no_verdict;
    if (!sa.roof_note.empty()) series.back()["device_roofs"] = sa.roof_note;
  }
  for (const auto& c : a.comparisons) {
    nlohmann::json xs = nlohmann::json::array();
    for (const auto& x : c.crossings)
      xs.push_back({{"faster_before", x.faster_before}, {"faster_after", x.faster_after}, {"x_low", x.x_low},
                    {"x_high", x.x_high}, {"x_estimate", x.x_est ? nlohmann::json(*x.x_est) : nullptr},
                    {"estimate_from", x.estimate}});
    comps.push_back({{"a", c.a}, {"b", c.b}, {"group", c.group}, {"axis", c.axis}, {"common_sizes", c.common},
                     {"crossings", xs}, {"sentence", c.sentence}});
  }
  nlohmann::json out{{"series", series}, {"comparisons", comps}};
  if (a.roofs) out["roofs"] = to_json(*a.roofs);
  return out;
}

namespace {

std::string overhead_line(const FitResult& b) {
  return fmt::format("fixed cost per call t0 = {:.3g} ± {:.2g} s, asymptotic throughput P = {:.4g} ± {:.2g} GFLOP/s",
                     b.params[0].value, b.params[0].error, b.params[1].value, b.params[1].error);
}

std::string verdict_line(const Series& s, const SeriesPoint& p, const PointVerdict& v) {
  const std::string roof = v.peak_source == PeakSource::fma_kernel ? fmt::format("peak {:.1f}", v.peak_gflops)
                           : v.peak_source == PeakSource::unknown   ? std::string("compute roof unknown")
                                                                    : fmt::format("best measured {:.1f}", v.peak_gflops);
  return fmt::format("{} = {:g}: {:.0f}% of attainable {:.1f} GFLOP/s ({}, intensity {:.2f} flop/B) - {}{}{}",
                     s.axis(), p.x, v.pct_of_attainable, v.attainable_gflops, roof, v.intensity, v.verdict,
                     v.cache_resident ? " (in cache)" : "", v.above_roof ? "  ABOVE THE ROOF: a measurement error?" : "");
}

std::string step_line(const Series& s, const Step& st) {
  return fmt::format("step: {} = {:g} -> {:g}: time per flop {:+.0f}% ({:.1f} -> {:.1f} GFLOP/s, {:.1f} sigma)",
                     s.axis(), st.x_before, st.x_after, 100 * st.jump, st.gflops_before, st.gflops_after, st.sigmas);
}

}  // namespace

void write_analysis_text(std::ostream& os, const Analysis& a, bool full) {
  if (!full && !a.series.empty()) os << "Fits, steps and crossovers (details: analysis.txt, report.html):\n";
  for (const auto& sa : a.series) {
    const Series& s = sa.series;
    const FitResult* b = sa.best_fit();
    if (!full) {
      os << fmt::format("  {}: {}{}\n", s.label(), sa.verdict(),
                        b && b->model == Model::overhead ? "; " + overhead_line(*b) : "");
      for (const auto& st : sa.steps) os << "    " << step_line(s, st) << "\n";
      if (!sa.no_verdict.empty()) os << "    " << sa.no_verdict << "\n";
      if (!sa.roof_note.empty()) os << "    " << sa.roof_note << "\n";
      // The roofline at the largest size, and every point above a roof.
      for (size_t i = 0; i < sa.verdicts.size(); ++i)
        if (sa.verdicts[i] && (i + 1 == sa.verdicts.size() || sa.verdicts[i]->above_roof))
          os << "    " << verdict_line(s, s.points[i], *sa.verdicts[i]) << "\n";
      continue;
    }
    os << fmt::format("== {} ({} mode, {} threads): {} points\n", s.label(), to_string(s.mode), s.threads, s.points.size());
    for (const auto& e : s.excluded) os << "   not fitted: " << e << "\n";
    for (const auto& p : sa.fit_problems) os << "   no fit: " << p << "\n";
    for (const auto& f : sa.fits) {
      os << fmt::format("-- {}   chi2/NDf = {:.4g}{}\n", model_formula(f.model), f.reduced_chi2(),
                        f.converged ? "" : "   (minimiser did not report convergence)");
      os << minuit_summary(f);
    }
    os << "   verdict: " << sa.verdict() << "\n";
    if (b && b->model == Model::overhead) os << "   " << overhead_line(*b) << "\n";
    if (sa.steps.empty() && s.points.size() >= 4) os << "   steps: none\n";
    for (const auto& st : sa.steps) os << "   " << step_line(s, st) << "\n";
    for (size_t i = 0; i < sa.verdicts.size(); ++i)
      if (sa.verdicts[i]) os << "   roofline: " << verdict_line(s, s.points[i], *sa.verdicts[i]) << "\n";
    if (!sa.no_verdict.empty()) os << "   " << sa.no_verdict << "\n";
    if (!sa.roof_note.empty()) os << "   " << sa.roof_note << "\n";
    os << "\n";
  }
  if (!a.comparisons.empty()) os << (full ? "== crossovers\n" : "Crossovers:\n");
  // The console keeps to the pairs that do cross once there are more than a few: nine backends make 36 pairs,
  // and a wall of "never in the measured range" lines hides the few crossings. analysis.txt has every pair.
  const bool all = full || a.comparisons.size() <= 3;
  size_t never = 0;
  for (const auto& c : a.comparisons) {
    if (all || !c.crossings.empty()) os << fmt::format("  [{}] {}\n", c.group, c.sentence);
    else ++never;
  }
  if (never)
    os << fmt::format("  {} other pair{} never cross{} in the measured range (analysis.txt lists each, with the "
                      "ratio)\n", never, never == 1 ? "" : "s", never == 1 ? "es" : "");
}

}  // namespace mmbench
