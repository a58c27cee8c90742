// Orchestrates the probe kernels on `threads` threads: each measurement is the best of several repetitions (the
// roof is what the machine can do, so the fastest repetition is the estimate; noise only slows). Threads start
// together behind a barrier and the wall time spans the slowest. Arrays are first touched by the thread that reads
// them (NUMA placement) and are ≥ 4× the last-level cache and ≥ 64 MiB.
#include "mmbench/roofs.hpp"

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <thread>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "roofs/kernels.hpp"

namespace mmbench {
namespace {

using Clock = std::chrono::steady_clock;

// Runs body(t) on `threads` threads started together; returns the seconds from the first thread's start to the last
// thread's end, as the threads themselves saw them (the main thread may be descheduled after the barrier: timing
// from it once gave 117 000 GB/s). With `cpus`, thread t runs on CPU cpus[t % size] alone.
double parallel_wall(int threads, const CpuList& cpus, const std::function<void(int)>& body) {
  std::barrier start(threads);
  std::vector<Clock::time_point> begin(threads), end(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      if (!cpus.empty()) pin_this_thread({cpus[static_cast<size_t>(t) % cpus.size()]});
      start.arrive_and_wait();
      begin[t] = Clock::now();
      body(t);
      end[t] = Clock::now();
    });
  for (auto& th : pool) th.join();
  return std::chrono::duration<double>(*std::max_element(end.begin(), end.end()) -
                                       *std::min_element(begin.begin(), begin.end()))
      .count();
}

double read_size(const std::string& path) {  // "32768K" -> bytes
  std::ifstream f(path);
  std::string s;
  if (!(f >> s) || s.empty()) return 0;
  double v = std::atof(s.c_str());
  if (s.back() == 'K') v *= 1024;
  if (s.back() == 'M') v *= 1024 * 1024;
  return v;
}

struct FreeDeleter {
  void operator()(double* p) const { std::free(p); }
};
using Array = std::unique_ptr<double[], FreeDeleter>;
Array make_array(size_t n) {
  return Array(static_cast<double*>(std::aligned_alloc(64, (n * 8 + 63) / 64 * 64)));
}

}  // namespace

double last_level_cache_bytes() {
  double best = 0;
  for (int i = 0; i < 8; ++i)
    best = std::max(best, read_size(fmt::format("/sys/devices/system/cpu/cpu0/cache/index{}/size", i)));
  return best > 0 ? best : 32.0 * 1024 * 1024;
}

std::map<std::string, double> Roofs::peak_gflops() const {
  if (fp32_peak_gflops <= 0) return {};
  return {{"f32", fp32_peak_gflops}, {"f64", fp32_peak_gflops / 2}};
}

const Roofs* Roofs::for_cpus(const std::string& cpu_set) const {
  if (cpu_set.empty() || cpu_set == cpus) return this;
  for (const auto& r : by_cpus)
    if (r.cpus == cpu_set) return &r;
  return nullptr;
}

TheoreticalPeak theoretical_fp32_peak(const CpuTopology& topology, const CpuList& cpus, int threads,
                                      const std::string& isa) {
  // One CPU per physical core: SMT siblings share the core's FMA pipes.
  std::map<std::string, const LogicalCpu*> cores;
  for (const auto& c : topology.cpus)
    if (cpus.empty() || std::count(cpus.begin(), cpus.end(), c.id))
      cores.emplace(c.core.empty() ? std::to_string(c.id) : c.core, &c);
  struct Core {
    const CpuCluster* cluster;
    double ghz;
    int flops;
  };
  std::vector<Core> used;
  for (const auto& [key, c] : cores) {
    const CpuCluster* cl = nullptr;
    for (const auto& k : topology.clusters)
      if (std::count(k.cpus.begin(), k.cpus.end(), c->id)) cl = &k;
    if (!cl) continue;
    used.push_back({cl, c->max_ghz, cl->kind ? flops_per_cycle(*cl->kind, isa) : 0});
  }
  // Unpinned threads land on the fastest cores first (the scheduler prefers them; an upper bound either way).
  std::stable_sort(used.begin(), used.end(),
                   [](const Core& a, const Core& b) { return a.ghz * a.flops > b.ghz * b.flops; });
  used.resize(std::min(used.size(), static_cast<size_t>(std::max(1, threads))));
  TheoreticalPeak p;
  for (const auto& u : used) {
    if (!u.cluster->kind || u.flops == 0)
      return {0, "theoretical peak unknown for " + u.cluster->core_type + " (" + isa + "): not in mmbench's table", ""};
    if (u.ghz <= 0)
      return {0,
              "theoretical peak unknown: no maximum clock in sysfs (cpufreq absent, as in most VMs; the MHz "
              "/proc/cpuinfo shows there is not the clock the cores run at)",
              ""};
  }
  std::map<std::tuple<std::string, double, int>, int> groups;  // core type, clock, flops -> cores
  for (const auto& u : used) ++groups[{u.cluster->core_type, u.ghz, u.flops}];
  for (const auto& [g, n] : groups) {
    const auto& [type, ghz, flops] = g;
    p.gflops += n * ghz * flops;
    p.assumption += fmt::format("{}{} cores x {:.2f} GHz x {} fp32 flops per cycle ({}, {})",
                                p.assumption.empty() ? "" : " + ", n, ghz, flops, type, isa);
  }
  for (const auto& u : used)
    if (p.source.find(u.cluster->kind->source) == std::string::npos)
      p.source += (p.source.empty() ? "" : "; ") + u.cluster->kind->source;
  return p;
}

std::vector<std::string> peak_warnings(double measured, const TheoreticalPeak& t) {
  if (t.gflops <= 0 || measured <= 0) return {};
  const double ratio = measured / t.gflops;
  if (ratio > 1)
    return {
        fmt::format("measured FP32 peak {:.0f} GFLOP/s exceeds the theoretical {:.0f} ({}): the clock or the "
                    "microarchitecture table is wrong for this machine",
                    measured, t.gflops, t.assumption)};
  if (ratio < 0.5)
    return {
        fmt::format("measured FP32 peak {:.0f} GFLOP/s is {:.0f}% of the theoretical {:.0f} ({}): cores shared "
                    "with other work, throttled, or clocked below their maximum",
                    measured, 100 * ratio, t.gflops, t.assumption)};
  return {};
}

Roofs measure_roofs(const CpuTopology& topology, int threads, const CpuList& cpus) {
  Roofs r;
  r.threads = std::max(1, threads);
  r.cpus = format_cpu_list(cpus);
  r.isa = roofs::best_isa();

  // FMA peak: calibrate one thread to ~50 ms, then the best of 5 parallel runs.
  float sink = 0;
  int64_t iters = 1 << 16;
  for (;;) {
    const auto t0 = Clock::now();
    roofs::fma_kernel(r.isa, iters, &sink);
    if (std::chrono::duration<double>(Clock::now() - t0).count() > 0.05 || iters > (int64_t{1} << 40)) break;
    iters *= 2;
  }
  std::vector<float> sinks(r.threads);
  double best_flops_per_s = 0;
  for (int rep = 0; rep < 5; ++rep) {
    std::atomic<double> flops{0};
    const double wall = parallel_wall(r.threads, cpus, [&](int t) {
      const double f = roofs::fma_kernel(r.isa, iters, &sinks[t]);
      double cur = flops.load();
      while (!flops.compare_exchange_weak(cur, cur + f)) {
      }
    });
    best_flops_per_s = std::max(best_flops_per_s, flops.load() / wall);
  }
  r.fp32_peak_gflops = best_flops_per_s * 1e-9;

  const TheoreticalPeak theoretical = theoretical_fp32_peak(topology, cpus, r.threads, r.isa);
  r.fp32_theoretical_gflops = theoretical.gflops;
  r.theoretical_assumption = theoretical.assumption;
  r.theoretical_source = theoretical.source;
  r.warnings = peak_warnings(r.fp32_peak_gflops, theoretical);

  // Bandwidth: arrays >= 4x LLC and >= 64 MiB each, split evenly between the threads.
  r.llc_bytes = last_level_cache_bytes();
  const size_t n = static_cast<size_t>(std::max(4 * r.llc_bytes, 64.0 * 1024 * 1024) / 8);
  r.array_bytes = static_cast<double>(n) * 8;
  Array a = make_array(n), b = make_array(n), c = make_array(n);
  auto chunk = [&](int t) { return std::pair<size_t, size_t>{n * t / r.threads, n * (t + 1) / r.threads}; };
  parallel_wall(r.threads, cpus, [&](int t) {  // first touch by the thread that will read
    const auto [lo, hi] = chunk(t);
    for (size_t i = lo; i < hi; ++i) a[i] = 1.0 + 1e-9 * static_cast<double>(i), b[i] = 0.5, c[i] = 0.25;
  });
  std::vector<double> sums(r.threads);
  double best_read = 1e30, best_triad = 1e30;
  for (int rep = 0; rep < 6; ++rep) {
    best_read = std::min(best_read, parallel_wall(r.threads, cpus, [&](int t) {
                           const auto [lo, hi] = chunk(t);
                           sums[t] += roofs::read_kernel(a.get() + lo, hi - lo);
                         }));
    best_triad = std::min(best_triad, parallel_wall(r.threads, cpus, [&](int t) {
                            const auto [lo, hi] = chunk(t);
                            roofs::triad_kernel(a.get() + lo, b.get() + lo, c.get() + lo, 0.5, hi - lo);
                          }));
  }
  r.read_bandwidth_gbs = r.array_bytes / best_read * 1e-9;
  r.triad_bandwidth_gbs = 3 * r.array_bytes / best_triad * 1e-9;  // STREAM convention: no write-allocate traffic
  volatile double keep = sums[0] + sink + sinks[0];
  (void)keep;
  return r;
}

nlohmann::json to_json(const Roofs& r) {
  nlohmann::json devices = nlohmann::json::object();
  for (const auto& [backend, d] : r.devices)
    devices[backend] = {
        {"device", d.device}, {"bandwidth_gbs", d.bandwidth_gbs}, {"cache_bytes", d.cache_bytes}, {"how", d.how}};
  nlohmann::json by_cpus = nlohmann::json::array();
  for (const auto& b : r.by_cpus) by_cpus.push_back(to_json(b));
  return {{"threads", r.threads},
          {"cpus", r.cpus},
          {"cluster", r.cluster},
          {"isa", r.isa},
          {"fp32_peak_gflops", r.fp32_peak_gflops},
          {"fp32_theoretical_gflops", r.fp32_theoretical_gflops},
          {"theoretical_assumption", r.theoretical_assumption},
          {"theoretical_source", r.theoretical_source},
          {"read_bandwidth_gbs", r.read_bandwidth_gbs},
          {"triad_bandwidth_gbs", r.triad_bandwidth_gbs},
          {"array_bytes", r.array_bytes},
          {"llc_bytes", r.llc_bytes},
          {"peak_gflops", r.peak_gflops()},
          {"warnings", r.warnings},
          {"devices", devices},
          {"by_cpus", by_cpus}};
}

namespace {
// One level only: a set's roofs have no sets of their own, and a store crafted with deeply nested ones must not
// recurse this reader off its stack.
std::optional<Roofs> roofs_from_json(const nlohmann::json& j, bool with_sets) {
  if (!j.is_object() || !j.contains("fp32_peak_gflops")) return std::nullopt;
  Roofs r;
  r.threads = j.value("threads", 1);
  r.isa = j.value("isa", std::string());
  r.fp32_peak_gflops = j.value("fp32_peak_gflops", 0.0);
  r.fp32_theoretical_gflops = j.value("fp32_theoretical_gflops", 0.0);
  r.theoretical_assumption = j.value("theoretical_assumption", std::string());
  r.theoretical_source = j.value("theoretical_source", std::string());
  r.cpus = j.value("cpus", std::string());
  r.cluster = j.value("cluster", std::string());
  if (const auto b = j.find("by_cpus"); with_sets && b != j.end() && b->is_array())
    for (const auto& e : *b)
      if (auto set = roofs_from_json(e, false)) r.by_cpus.push_back(std::move(*set));
  r.read_bandwidth_gbs = j.value("read_bandwidth_gbs", 0.0);
  r.triad_bandwidth_gbs = j.value("triad_bandwidth_gbs", 0.0);
  r.array_bytes = j.value("array_bytes", 0.0);
  r.llc_bytes = j.value("llc_bytes", 0.0);
  r.warnings = j.value("warnings", std::vector<std::string>{});
  if (j.contains("devices") && j["devices"].is_object())
    for (const auto& [backend, d] : j["devices"].items())
      r.devices[backend] = {d.value("device", std::string()), d.value("bandwidth_gbs", 0.0),
                            d.value("cache_bytes", 0.0), d.value("how", std::string())};
  return r;
}
}  // namespace

std::optional<Roofs> roofs_from_json(const nlohmann::json& j) {
  return roofs_from_json(j, true);
}

}  // namespace mmbench
