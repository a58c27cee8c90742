// Per-point verdicts against the machine's roofs: arithmetic intensity (minimum traffic), attainable =
// min(peak, intensity × read bandwidth), percent of attainable, and compute-, memory- or overhead-bound. Pure.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "mmbench/fit.hpp"
#include "mmbench/record.hpp"
#include "mmbench/roofs.hpp"

namespace mmbench {

// Where a verdict's compute roof comes from: the FMA kernel's measured peak, the best result measured in the run
// (no kernel for the dtype, or a device), or nowhere (the memory roof alone judges).
enum class PeakSource { fma_kernel, best_measured, unknown };
std::string_view to_string(PeakSource s);  // "FMA kernel", "best measured", "unknown"

struct PointVerdict {
  double intensity = 0;    // flop per byte of minimum traffic (A and B read once, C written once)
  double peak_gflops = 0;  // the compute roof used
  PeakSource peak_source = PeakSource::unknown;
  double attainable_gflops = 0;  // min(peak, intensity × read bandwidth)
  double pct_of_attainable = 0;
  std::string verdict;          // compute-bound | memory-bound | overhead-bound
  bool above_roof = false;      // > 100% of attainable where the DRAM roof applies: a measurement error
  bool cache_resident = false;  // hot and A+B+C fit in the last-level cache: the DRAM roof does not bound it
};

// The verdict against given roofs: `peak` (GFLOP/s, from `peak_source`), or none known — then the memory roof
// alone judges and peak_source is unknown; `bandwidth_gbs` and `cache_bytes` of the memory the data come from.
std::optional<PointVerdict> verdict_against(const Problem& p, Mode mode, double median_s, double gflops,
                                            std::optional<double> peak, PeakSource peak_source, double bandwidth_gbs,
                                            double cache_bytes, const FitResult* overhead);

// Against this host's roofs. `best_measured`: dtype → best GFLOP/s among the run's host records (the roof for
// dtypes without a kernel); no roof for the dtype at all → nullopt.
// `overhead`: the series' overhead fit (t0 ≥ half the median time → overhead-bound); may be null.
std::optional<PointVerdict> verdict_for(const Problem& p, Mode mode, double median_s, double gflops, const Roofs& roofs,
                                        const std::map<std::string, double>& best_measured, const FitResult* overhead);

}  // namespace mmbench
