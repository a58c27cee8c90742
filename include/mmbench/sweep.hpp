// A sweep plan: axes (backends, dtypes, sizes, threads, mode) whose product is the list of points to measure,
// plus the measurement options. Plans are plain data so the store can keep them and --resume can redo them.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "mmbench/record.hpp"

namespace mmbench {

struct MeasureOptions {
  double noise = 0.01;    // stop when the median's 95% interval is within ±noise
  double budget_s = 3.0;  // time for warm-up and samples of one point; then stop and mark noisy
  int min_samples = 5;    // before the stopping rule may stop
  int max_samples = 10000;
  double warmup_min_s = 0.2;  // warm-up lasts at least this: thread pools spin up, clocks ramp, the scheduler settles
  double warmup_cap_s = 1.0;  // warm-up stops here even if timings still drift
  double batch_target_s = 1e-3;  // calls shorter than ~100 µs are timed in batches lasting at least this
  double timeout_s = 120;        // per point, enforced by the supervisor: then the worker is killed
  uint64_t seed = 42;
};

struct SweepSpec {
  std::vector<std::string> backends;  // resolved names
  std::vector<DType> dtypes{DType::f32};
  // Either square sizes (m = n = k = s) or the product of the three axes.
  std::vector<int64_t> square;
  std::vector<int64_t> m, n, k;
  std::vector<std::array<int64_t, 3>> shapes;  // explicit {M, N, K} list (LLM presets); wins over the above
  int threads = 0;                             // 0 = all cores (or the CPU set's size when pinned)
  Mode mode = Mode::hot;
  // CPU sets to pin the workers to, kernel list format ("4-7"); each is a sweep axis value. Empty: not pinned.
  std::vector<std::string> cpus;
};

// More points than this is a mistake (an axis product), not a benchmark: refused with the count (UsageError).
inline constexpr size_t kMaxPoints = 1000000;
size_t count_points(const SweepSpec& spec);           // saturates at SIZE_MAX
std::vector<PointKey> expand(const SweepSpec& spec);  // throws UsageError above kMaxPoints

// An upper bound on a plan's time: every point uses its budget (fast points stop earlier), plus start-up.
double estimated_upper_bound_s(const std::vector<PointKey>& points, const MeasureOptions& opt);

}  // namespace mmbench
