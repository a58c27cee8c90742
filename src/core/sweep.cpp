// Expansion of a sweep spec into points: backends × dtypes × shapes, in an order that measures small sizes of
// one backend first (so the time predictor can skip sizes that would not fit the budget).
#include "mmbench/sweep.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "mmbench/cpu_set.hpp"
#include "mmbench/error.hpp"

namespace mmbench {

size_t count_points(const SweepSpec& spec) {
  // Saturating products: -M 1:100000 -N 1:100000 -K 1:100000 must be refused, not overflow or allocate.
  const auto mul = [](size_t a, size_t b) { return b != 0 && a > SIZE_MAX / b ? SIZE_MAX : a * b; };
  size_t shapes = !spec.shapes.empty()   ? spec.shapes.size()
                  : !spec.square.empty() ? spec.square.size()
                                         : mul(mul(spec.m.size(), spec.n.size()), spec.k.size());
  return mul(mul(mul(shapes, spec.dtypes.size()), spec.backends.size()), std::max<size_t>(1, spec.cpus.size()));
}

std::vector<PointKey> expand(const SweepSpec& spec) {
  if (const size_t n = count_points(spec); n > kMaxPoints)
    throw UsageError(
        fmt::format("the plan has {} points (backends x dtypes x shapes x CPU sets); at most {} in one run",
                    n == SIZE_MAX ? std::string("too many") : std::to_string(n), kMaxPoints));
  std::vector<Problem> shapes;
  for (DType d : spec.dtypes) {
    if (!spec.shapes.empty()) {
      for (const auto& [m, n, k] : spec.shapes) shapes.push_back({m, n, k, d});
    } else if (!spec.square.empty()) {
      for (int64_t s : spec.square) shapes.push_back({s, s, s, d});
    } else {
      for (int64_t m : spec.m)
        for (int64_t n : spec.n)
          for (int64_t k : spec.k) shapes.push_back({m, n, k, d});
    }
  }
  // Unpinned: one empty set. Pinned without --threads: as many threads as the set has CPUs, so a library spreads
  // over the set instead of oversubscribing it (a 4-thread pool on 2 pinned CPUs measures the scheduler).
  const std::vector<std::string> sets = spec.cpus.empty() ? std::vector<std::string>{""} : spec.cpus;
  std::vector<PointKey> points;
  for (const auto& b : spec.backends)
    for (const auto& cpus : sets) {
      const int threads = spec.threads > 0 || cpus.empty()
                              ? spec.threads
                              : static_cast<int>(parse_kernel_cpu_list(cpus).value_or(CpuList{}).size());
      for (const auto& p : shapes) points.push_back({b, p, spec.mode, threads, cpus});
    }
  return points;
}

double estimated_upper_bound_s(const std::vector<PointKey>& points, const MeasureOptions& opt) {
  constexpr double kStartup = 0.05;  // process start, library load, data generation of a small point
  return static_cast<double>(points.size()) * (opt.budget_s + kStartup);
}

}  // namespace mmbench
