// Roofline verdicts. Overhead first: when the fitted fixed cost per call is at least half the measured time, the
// size is too small for either roof to matter. Then the roofs: below the ridge point (intensity × bandwidth <
// peak) memory, above it compute. The DRAM roof only bounds data that come from DRAM: in hot mode with A, B and C
// inside the last-level cache a result above it is cache bandwidth, not an error.
#include "mmbench/roofline.hpp"

#include <algorithm>

namespace mmbench {

std::string_view to_string(PeakSource s) {
  switch (s) {
    case PeakSource::fma_kernel:
      return "FMA kernel";
    case PeakSource::best_measured:
      return "best measured";
    case PeakSource::unknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<PointVerdict> verdict_against(const Problem& p, Mode mode, double median_s, double gflops,
                                            std::optional<double> peak, PeakSource peak_source, double bandwidth_gbs,
                                            double cache_bytes, const FitResult* overhead) {
  if (median_s <= 0 || bandwidth_gbs <= 0) return std::nullopt;
  PointVerdict v;
  v.intensity = p.intensity();
  const double memory_roof = v.intensity * bandwidth_gbs;
  v.peak_gflops = peak.value_or(0), v.peak_source = peak ? peak_source : PeakSource::unknown;
  v.attainable_gflops = peak ? std::min(*peak, memory_roof) : memory_roof;
  v.pct_of_attainable = 100 * gflops / v.attainable_gflops;
  v.cache_resident = mode == Mode::hot && p.footprint_bytes() <= cache_bytes;
  if (overhead && overhead->model == Model::overhead && overhead->params[0].value >= 0.5 * median_s)
    v.verdict = "overhead-bound";
  else
    v.verdict = !peak || memory_roof < *peak ? "memory-bound" : "compute-bound";
  v.above_roof = gflops > v.attainable_gflops && !(v.cache_resident && (!peak || gflops <= *peak));
  return v;
}

std::optional<PointVerdict> verdict_for(const Problem& p, Mode mode, double median_s, double gflops, const Roofs& roofs,
                                        const std::map<std::string, double>& best_measured, const FitResult* overhead) {
  const std::string dt(to_string(p.dtype));
  const auto kernel = roofs.peak_gflops();
  if (auto it = kernel.find(dt); it != kernel.end())
    return verdict_against(p, mode, median_s, gflops, it->second, PeakSource::fma_kernel, roofs.read_bandwidth_gbs,
                           roofs.llc_bytes, overhead);
  if (auto b = best_measured.find(dt); b != best_measured.end())
    return verdict_against(p, mode, median_s, gflops, b->second, PeakSource::best_measured, roofs.read_bandwidth_gbs,
                           roofs.llc_bytes, overhead);
  return std::nullopt;
}

}  // namespace mmbench
