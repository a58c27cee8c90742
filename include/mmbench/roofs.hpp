// This machine's roofs, measured by kernels of our own: the FP32 FMA peak (per instruction set: AVX-512, AVX2+FMA,
// NEON), STREAM-style read and triad bandwidth on arrays ≥ 4× the last-level cache, and the theoretical peak from
// the cores' maximum clocks and a table of microarchitectures (cpu_uarch.hpp; none when either is unknown). On all
// cores or pinned to a set (a cluster). `mmbench probe` prints them; `run` stores them so verdicts can use them.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmbench/cpu_topology.hpp"

namespace mmbench {

// A device's own memory roof, measured by its backend (cuda:cublas: a device-to-device copy timed by events).
// Its compute roof is the best result measured on it in the run: mmbench has no kernels of its own for a GPU.
struct DeviceRoof {
  std::string device;        // "NVIDIA H100 80GB HBM3"
  double bandwidth_gbs = 0;  // bytes read + written per second by the copy
  double cache_bytes = 0;    // the device's last-level cache (a GPU's L2)
  std::string how;           // "cudaMemcpy device to device, 2 x 256 MiB, best of 5"
};

struct Roofs {
  int threads = 1;
  std::string cpus;                    // the CPU set the threads were pinned to, one per CPU; empty: not pinned
  std::string cluster;                 // the set's name when it is one ("big"), for people
  std::string isa;                     // "avx512f", "avx2+fma", "neon", "scalar"
  double fp32_peak_gflops = 0;         // measured, FMA-bound kernel
  double fp32_theoretical_gflops = 0;  // Σ over the cores used of max clock × flops per cycle (0: unknown)
  std::string theoretical_assumption;  // "4 cores x 2.40 GHz x 16 fp32 flops per cycle (Arm Cortex-A76, neon)"
  std::string theoretical_source;      // where the flops per cycle come from
  double read_bandwidth_gbs = 0;
  double triad_bandwidth_gbs = 0;
  double array_bytes = 0;                     // of each bandwidth array
  double llc_bytes = 0;                       // last-level cache, as sysfs reports it
  std::vector<std::string> warnings;          // e.g. measured peak more than 10% off the theoretical one
  std::map<std::string, DeviceRoof> devices;  // backend name -> its device's memory roof (run: device backends)
  std::vector<Roofs> by_cpus;                 // roofs pinned to each CPU set of the plan (run --cpus, probe's clusters)
  // Compute roof per dtype: f32 measured, f64 half of it (same FMA units, half the lanes); others absent.
  std::map<std::string, double> peak_gflops() const;
  // The roofs of the cores a point ran on: itself when unpinned, else the by_cpus entry measured on that set
  // (nullptr when the run did not measure it).
  const Roofs* for_cpus(const std::string& cpu_set) const;
};

struct TheoreticalPeak {
  double gflops = 0;       // 0: unknown, and `assumption` says why
  std::string assumption;  // how it was computed, or "theoretical peak unknown for <core>"
  std::string source;
};
// The FP32 peak of `threads` threads on `cpus` (empty: any CPU of the machine, the fastest cores first): one FMA
// stream per physical core (SMT siblings share its pipes), each at its maximum clock from sysfs.
TheoreticalPeak theoretical_fp32_peak(const CpuTopology& topology, const CpuList& cpus, int threads,
                                      const std::string& isa);
// The warnings a measured peak deserves against a theoretical one: above it (the measurement or the table is
// wrong) or below half of it. None when the theoretical peak is unknown.
std::vector<std::string> peak_warnings(double measured_gflops, const TheoreticalPeak& theoretical);

// Measures the roofs with `threads` threads, pinned one per CPU of `cpus` when it is not empty; `topology` (read
// once by the caller) gives the theoretical peak. ~1–2 s.
Roofs measure_roofs(const CpuTopology& topology, int threads, const CpuList& cpus = {});
nlohmann::json to_json(const Roofs& r);
std::optional<Roofs> roofs_from_json(const nlohmann::json& j);
double last_level_cache_bytes();  // sysfs; 32 MiB when unknown

}  // namespace mmbench
