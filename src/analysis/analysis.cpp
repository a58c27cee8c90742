// Assembles the explanation of a run from its records: series → fits, best model, steps; pairs → crossovers; and
// the JSON of a fit. The sentences and analysis.json/analysis.txt are the output layer's (src/output/analysis_*.cpp).
#include "mmbench/analysis.hpp"

#include <cmath>
#include <map>

#include "mmbench/error.hpp"

namespace mmbench {

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
      } else if (dev && p.gflops < 0.5 * p.problem.intensity() * dev->bandwidth_gbs) {
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
      d.x.push_back(p.x), d.y.push_back(p.t), d.sigma.push_back(p.sigma), d.flops.push_back(p.problem.flops());
    }
    for (Model m : models) {
      try {
        sa.fits.push_back(fit(m, d));
      } catch (const UsageError& e) {
        std::string why = e.what();
        if (why.rfind("fit: ", 0) == 0) why = why.substr(5);
        sa.fit_problems.push_back({m, why});
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
    // A pinned series is judged by the roofs of its own cores (a little cluster's peak, not the machine's).
    const Roofs* host = roofs ? roofs->for_cpus(s.cpus) : nullptr;
    if (host && s.on_host()) {
      for (const auto& p : s.points)
        sa.verdicts.push_back(verdict_for(p.problem, s.mode, p.t, p.gflops, *host, best, overhead));
    } else if (roofs && dev) {
      // The device's memory as measured by its backend; its compute roof is the best this backend reached in this
      // dtype clear of the memory roof (no kernel of ours runs on it), or unknown: then memory alone judges.
      const auto compute = device_compute.find({s.backend, s.dtype});
      const std::optional<double> peak =
          compute == device_compute.end() ? std::nullopt : std::optional<double>(compute->second);
      sa.device_roof = *dev, sa.device_peak_gflops = peak;
      for (const auto& p : s.points)
        sa.verdicts.push_back(verdict_against(p.problem, s.mode, p.t, p.gflops, peak, PeakSource::best_measured,
                                              dev->bandwidth_gbs, dev->cache_bytes, overhead));
    } else if (roofs) {
      sa.device_without_roofs = true;
    }
    a.series.push_back(std::move(sa));
  }
  for (size_t i = 0; i < a.series.size(); ++i)
    for (size_t j = i + 1; j < a.series.size(); ++j) {
      const auto& x = a.series[i];
      const auto& y = a.series[j];
      if (x.series.group() != y.series.group() || x.series.name() == y.series.name()) continue;
      a.comparisons.push_back(compare(x.series, y.series, x.best_fit(), y.best_fit()));
    }
  return a;
}

nlohmann::json to_json(const FitResult& f) {
  nlohmann::json params = nlohmann::json::array();
  for (const auto& p : f.params) params.push_back({{"name", p.name}, {"value", p.value}, {"error", p.error}});
  return {{"model", to_string(f.model)},
          {"formula", model_formula(f.model)},
          {"parameters", params},
          {"chi2", f.chi2},
          {"ndf", f.ndf},
          {"reduced_chi2", f.reduced_chi2()},
          {"edm", f.edm},
          {"ncalls", f.ncalls},
          {"weighted", f.weighted},
          {"converged", f.converged},
          {"consistent", f.consistent()},
          {"minimizer", f.minimizer}};
}

}  // namespace mmbench
