// Series: the records of one backend, dtype, mode and thread count whose shapes vary along one size x (square
// N×N×N, or one of M, N, K with the other two fixed), sorted by x. What fits, steps, crossovers and charts work on.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "mmbench/record.hpp"

namespace mmbench {

struct SeriesPoint {
  double x = 0;
  double t = 0;      // median seconds per call
  double sigma = 0;  // standard error of the median (from its 95% interval), floored at 0.1% of t
  Problem problem;   // the point's shape: ask it for flops, bytes and intensity
  double gflops = 0;
  Status status = Status::ok;  // ok or noisy
};

struct Series {
  std::string backend;
  DType dtype = DType::f32;
  Mode mode = Mode::hot;
  int threads = 0;
  std::string cpus;                               // pinned to these CPUs ("4-7"); empty: not pinned
  int64_t fixed_m = 0, fixed_n = 0, fixed_k = 0;  // 0: that dimension equals x
  std::vector<SeriesPoint> points;                // verified times only, ascending x
  std::vector<std::string> excluded;              // "N=512: failed (signal 11)", for every point without a time
  DeviceIdentity device;  // where the verified points ran (identity only: state changes from point to point)
  // Whether this host's roofs (CPU FMA peak, DRAM bandwidth) bound these points: "CPU" backends and devices
  // emulated on the CPU (PoCL), not a GPU or an NPU.
  bool on_host() const;
  std::string family() const;  // "NxNxN", "1xNx4096"
  std::string axis() const;    // the name of x: "N", "M" or "K"
  std::string group() const;   // "f32 hot 2t NxNxN": series in one group are compared and drawn together
  std::string name() const;    // the series in charts and crossovers: "cblas:openblas", "cblas:openblas cpus 4-7"
  std::string label() const;   // "cblas:openblas f32 NxNxN", "cblas:openblas cpus 4-7 f32 NxNxN"
  // The work at size x, also between measured sizes (a fit's curve, a crossover's root), from Problem's count.
  double flops_at(double x) const;
};

// Groups the records (the latest per point, as in a Report) into series. Points that did not produce a verified
// time are listed in `excluded`, never fitted.
std::vector<Series> build_series(const std::vector<Record>& records);

}  // namespace mmbench
