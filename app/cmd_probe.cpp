// `mmbench probe`: this machine's roofs (FP32 FMA peak vs theoretical, read and triad bandwidth) and the per-call
// overhead floor of each backend (a 1×1×1 call, measured in a worker like any point). Text or --json.
#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "commands.hpp"
#include "mmbench/cpu_topology.hpp"
#include "mmbench/environment.hpp"
#include "mmbench/error.hpp"
#include "mmbench/range_parser.hpp"
#include "mmbench/roofs.hpp"
#include "mmbench/supervisor.hpp"
#include "mmbench/text_format.hpp"

namespace mmbench::app {

Command add_probe_command(CLI::App& app, const Registry& reg) {
  struct Args {
    int threads = 0;
    bool json = false, no_overhead = false;
    std::string backends;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "probe",
      "Measure this machine's roofs: FP32 FMA peak (vs theoretical), read and triad memory bandwidth, and "
      "each backend's per-call overhead floor");
  cmd->add_option("--threads,-t", a->threads, "Threads (default 0 = all logical CPUs)")
      ->check(whole_number_in(0, 4096));
  cmd->add_option("--backend,-b", a->backends, "Backends whose overhead floor to measure (default: every usable one)");
  cmd->add_flag("--no-overhead", a->no_overhead, "Skip the per-backend overhead floor");
  cmd->add_flag("--json", a->json,
                "Print JSON: fp32_peak_gflops, fp32_theoretical_gflops, read_bandwidth_gbs, triad_bandwidth_gbs, "
                "threads, isa, llc_bytes, array_bytes, theoretical_assumption, theoretical_source, warnings, "
                "overhead_s, devices (a GPU's memory, measured by its backend), topology (CPU clusters) and by_cpus "
                "(the same roofs for each cluster alone, when the machine has more than one kind of core)");
  return [a, &reg, cmd] {
    refuse_empty(cmd, {{"--backend", &a->backends}});
    std::vector<std::string> names;
    if (!a->backends.empty()) {
      names = split_list(a->backends, "backend");
      for (const auto& n : names)
        if (!reg.find(n)) throw UsageError("unknown backend '" + n + "' (known: " + reg.known_names() + ")");
    }
    const int threads = a->threads > 0 ? a->threads : hardware_threads();
    const CpuTopology topology = read_cpu_topology();
    const bool clusters = topology.clusters.size() > 1;
    if (!a->json)
      std::cerr << fmt::format("probing with {} threads{} (about {} s)...\n", threads,
                               clusters ? ", then each cluster alone" : "",
                               2 * (1 + (clusters ? topology.clusters.size() : 0)));
    Roofs r = measure_roofs(topology, threads);
    std::vector<std::string> cluster_notes;
    if (clusters) {  // each kind of core alone: an RK3588's A55s and A76s have roofs of their own
      const CpuList allowed = allowed_cpus();
      for (const auto& c : topology.clusters) {
        const bool available = std::all_of(c.cpus.begin(), c.cpus.end(), [&](int id) {
          return std::find(allowed.begin(), allowed.end(), id) != allowed.end();
        });
        if (!available) {
          cluster_notes.push_back(
              fmt::format("cluster {} ({}) not measured: its CPUs are not all available to this "
                          "process (allowed: {})",
                          c.name, format_cpu_list(c.cpus), format_cpu_list(allowed)));
          continue;
        }
        Roofs cr = measure_roofs(topology, a->threads > 0 ? a->threads : static_cast<int>(c.cpus.size()), c.cpus);
        cr.cluster = c.name;
        r.by_cpus.push_back(std::move(cr));
      }
    }
    // No plan here: the backends take their options from the environment (MMBENCH_RKNN_LIB, ...).
    const BackendOptions options = with_environment_defaults({});
    if (names.empty())
      for (const auto& e : reg.entries())
        if (e.listed && e.contender && !reg.make(e.name, options)->probe()) names.push_back(e.name);
    for (const auto& n : names)  // a device with memory of its own (a GPU) measures it; probes itself as needed
      if (auto d = reg.make(n, options)->device_roof()) r.devices[n] = *d;
    nlohmann::json j = to_json(r);
    nlohmann::json overhead = nlohmann::json::object();
    if (!a->no_overhead) {
      Supervisor sup(self_exe(), true, &reg, options);
      MeasureOptions opt;
      opt.budget_s = 0.3;
      for (const auto& n : names) {
        const Record rec = sup.measure({n, {1, 1, 1, DType::f32}, Mode::hot, threads}, opt);
        if (is_success(rec.status))
          overhead[n] = rec.summary.median;
        else
          overhead[n] = nullptr;
      }
    }
    j["overhead_s"] = overhead;
    j["topology"] = to_json(topology);
    for (const auto& n : cluster_notes) j["warnings"].push_back(n);
    if (a->json) {
      std::cout << j.dump(2) << "\n";
      return 0;
    }
    std::cout << fmt::format("threads                 {}\n", r.threads)
              << fmt::format("instruction set         {}\n", r.isa)
              << fmt::format("FP32 peak (FMA kernel)  {:.1f} GFLOP/s\n", r.fp32_peak_gflops)
              << fmt::format(
                     "FP32 theoretical        {}\n",
                     r.fp32_theoretical_gflops > 0
                         ? fmt::format("{:.1f} GFLOP/s = {}", r.fp32_theoretical_gflops, r.theoretical_assumption)
                         : r.theoretical_assumption)
              << (r.theoretical_source.empty() ? ""
                                               : fmt::format("  per-cycle figures from {}\n", r.theoretical_source))
              << fmt::format("read bandwidth          {:.1f} GB/s\n", r.read_bandwidth_gbs)
              << fmt::format("triad bandwidth         {:.1f} GB/s (3 arrays counted, no write-allocate)\n",
                             r.triad_bandwidth_gbs)
              << fmt::format("arrays                  {} each (last-level cache {})\n", human_bytes(r.array_bytes),
                             human_bytes(r.llc_bytes))
              << fmt::format("ridge point             {:.1f} flop/byte (FP32 peak / read bandwidth)\n",
                             r.fp32_peak_gflops / r.read_bandwidth_gbs);
    std::cout << fmt::format("CPU clusters            {}\n", topology.describe_clusters());
    for (const auto& c : r.by_cpus)
      std::cout << fmt::format(
          "cluster {:<6} {:<8} FP32 peak {:.1f} GFLOP/s ({}), read {:.1f} GB/s, triad {:.1f} GB/s\n", c.cluster, c.cpus,
          c.fp32_peak_gflops,
          c.fp32_theoretical_gflops > 0 ? fmt::format("theoretical {:.1f}", c.fp32_theoretical_gflops)
                                        : std::string("theoretical unknown"),
          c.read_bandwidth_gbs, c.triad_bandwidth_gbs);
    for (const auto& [name, d] : r.devices)
      std::cout << fmt::format("device memory           {:<16} {:.1f} GB/s on {} ({})\n", name, d.bandwidth_gbs,
                               d.device, d.how);
    for (const auto& [name, v] : overhead.items())
      std::cout << fmt::format("overhead floor          {:<16} {}\n", name,
                               v.is_null() ? "not measured (1x1x1 failed)" : human_seconds_precise(v.get<double>()));
    for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
    for (const auto& c : r.by_cpus)
      for (const auto& w : c.warnings) std::cerr << "warning: cluster " << c.cluster << ": " << w << "\n";
    for (const auto& n : cluster_notes) std::cerr << "note: " << n << "\n";
    return 0;
  };
}

}  // namespace mmbench::app
