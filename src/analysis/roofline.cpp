// Roofline verdicts. Overhead first: when the fitted fixed cost per call is at least half the measured time, the
// size is too small for either roof to matter. Then the roofs: below the ridge point (intensity × bandwidth <
// peak) memory, above it compute. The DRAM roof only bounds data that come from DRAM: in hot mode with A, B and C
// inside the last-level cache a result above it is cache bandwidth, not an error.
#include "mmbench/roofline.hpp"

#include <algorithm>

namespace mmbench {

std::optional<PointVerdict> verdict_for(const Problem& p, const std::string& mode, double median_s, double gflops,
                                        const Roofs& roofs, const std::map<std::string, double>& best_measured,
                                        const FitResult* overhead) {
  if (median_s <= 0 || roofs.read_bandwidth_gbs <= 0) return std::nullopt;
  const std::string dt(to_string(p.dtype));
  PointVerdict v;
  const auto kernel = roofs.peak_gflops();
  if (auto it = kernel.find(dt); it != kernel.end()) {
    v.peak_gflops = it->second, v.peak_source = "FMA kernel";
  } else if (auto b = best_measured.find(dt); b != best_measured.end()) {
    v.peak_gflops = b->second, v.peak_source = "best measured";
  } else {
    return std::nullopt;
  }
  v.intensity = p.intensity();
  const double memory_roof = v.intensity * roofs.read_bandwidth_gbs;
  v.attainable_gflops = std::min(v.peak_gflops, memory_roof);
  v.pct_of_attainable = 100 * gflops / v.attainable_gflops;
  v.cache_resident = mode == "hot" && p.footprint_bytes() <= roofs.llc_bytes;
  if (overhead && overhead->model == Model::overhead && overhead->params[0].value >= 0.5 * median_s)
    v.verdict = "overhead-bound";
  else
    v.verdict = memory_roof < v.peak_gflops ? "memory-bound" : "compute-bound";
  v.above_roof = gflops > v.attainable_gflops && !(v.cache_resident && gflops <= v.peak_gflops);
  return v;
}

}  // namespace mmbench
