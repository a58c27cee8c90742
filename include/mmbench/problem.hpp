// One matrix multiplication C (M×N) = A (M×K) · B (K×N), all row-major. The only place that knows its work
// (flops) and minimum traffic (bytes): measurement, verification, tests and outputs all ask it.
#pragma once
#include <cstdint>
#include <string>

#include "mmbench/dtype.hpp"

namespace mmbench {

struct Problem {
  int64_t m = 0, n = 0, k = 0;
  DType dtype = DType::f32;

  // 2·M·N·K (integer types count "ops" the same way).
  double flops() const;
  // The same count for sizes that need not be whole: a fitted curve between measured sizes, a crossover's root.
  static double flops_of(double m, double n, double k);
  // Minimum traffic: every element of A and B read once and C written once. Not a measured traffic.
  double bytes() const;
  // Bytes a process holds for A, B and C (what must fit in memory).
  double footprint_bytes() const;
  double intensity() const { return flops() / bytes(); }
  std::string shape() const;  // "MxNxK"
  bool operator==(const Problem&) const = default;
};

}  // namespace mmbench
