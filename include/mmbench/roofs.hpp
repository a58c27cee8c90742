// This machine's roofs, measured by kernels of our own: the FP32 FMA peak (per instruction set: AVX-512, AVX2+FMA,
// NEON), STREAM-style read and triad bandwidth on arrays ≥ 4× the last-level cache, and the theoretical peak from
// the clock, vector width and FMA units (an assumption, printed with it). `mmbench probe` prints them; `run` stores
// them with the run so verdicts and charts can use them.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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
  std::string isa;                     // "avx512f", "avx2+fma", "neon", "scalar"
  double fp32_peak_gflops = 0;         // measured, FMA-bound kernel
  double fp32_theoretical_gflops = 0;  // clock × threads × lanes × 2 × FMA units (0 when the clock is unknown)
  std::string theoretical_assumption;  // "2.6 GHz × 2 threads × 16 lanes × 2 flops × 2 FMA units"
  double read_bandwidth_gbs = 0;
  double triad_bandwidth_gbs = 0;
  double array_bytes = 0;                     // of each bandwidth array
  double llc_bytes = 0;                       // last-level cache, as sysfs reports it
  std::vector<std::string> warnings;          // e.g. measured peak more than 10% off the theoretical one
  std::map<std::string, DeviceRoof> devices;  // backend name -> its device's memory roof (run: device backends)
  // Compute roof per dtype: f32 measured, f64 half of it (same FMA units, half the lanes); others absent.
  std::map<std::string, double> peak_gflops() const;
};

// Measures the roofs with `threads` threads. ~1–2 s.
Roofs measure_roofs(int threads);
nlohmann::json to_json(const Roofs& r);
std::optional<Roofs> roofs_from_json(const nlohmann::json& j);
double last_level_cache_bytes();  // sysfs; 32 MiB when unknown

}  // namespace mmbench
