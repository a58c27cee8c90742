// Worker mode: the child side of isolation. Reads requests (a point and the options), one JSON line each, from
// stdin until it closes; measures each in this process and writes one JSON record line per request on the
// protocol descriptor. Vendor libraries may print to stdout, so the protocol gets a private duplicate of it and
// fd 1 is pointed at stderr before any backend loads. One backend instance serves all the worker's points: its
// library is loaded and its threads started once (the supervisor sends one backend, CPU set and thread count).
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "mmbench/allocator.hpp"
#include "mmbench/cpu_set.hpp"
#include "mmbench/measure.hpp"
#include "mmbench/plan.hpp"
#include "mmbench/record_json.hpp"
#include "mmbench/supervisor.hpp"

namespace mmbench {

int worker_main(const Registry& registry) {
  settle_allocator();  // before any library loads and allocates
  const int protocol_fd = dup(STDOUT_FILENO);
  dup2(STDERR_FILENO, STDOUT_FILENO);
  FILE* protocol = fdopen(protocol_fd, "w");
  if (!protocol) return 3;

  std::unique_ptr<Backend> backend;
  std::string backend_name;  // the registry's name it was made by
  std::string pinned_to, allowed;
  bool pinned = false;
  bool warm = false;  // this process has run calls of its backend: threads started, code and pages faulted in
  std::string input;
  while (std::getline(std::cin, input)) {
    if (input.empty()) continue;
    Record r;
    try {
      const auto request = nlohmann::json::parse(input);
      const PointKey key = point_key_from_json(request.at("point"));
      r.key = key;
      const MeasureOptions opt = measure_options_from_json(request.at("options"));
      std::string pin_error;
      // Pinned before the backend loads: every thread its library creates inherits the set.
      if (!pinned) {
        pinned = true;
        pinned_to = key.cpus;
        if (!key.cpus.empty()) {
          pin_error = pin_this_thread(parse_kernel_cpu_list(key.cpus).value_or(CpuList{}));
          allowed = cpus_allowed_list();
        }
      } else if (key.cpus != pinned_to) {
        pin_error = "this worker is pinned to '" + pinned_to + "', not '" + key.cpus + "'";
      }
      if (!backend && pin_error.empty()) {
        // The plan's backend options only: the worker's environment must not choose another library or device.
        backend_name = key.backend;
        backend =
            registry.make(key.backend, backend_options_from_json(request.value("backend_options", nlohmann::json())));
      }
      if (!pin_error.empty())
        r = failed_record(key, "worker: " + pin_error);
      else if (!backend)
        r = failed_record(key, "unknown backend in worker: " + key.backend);
      else if (backend_name != key.backend)
        r = failed_record(key, "worker: this worker measures " + backend_name);
      else
        r = measure_point(*backend, key, opt, warm);
      r.cpus_allowed = allowed;
      warm = warm || !r.samples_s.empty();
    } catch (const std::exception& e) {
      r = failed_record(r.key, std::string("worker: ") + e.what());
    }
    rusage self{};
    getrusage(RUSAGE_SELF, &self);
    r.peak_rss_bytes = static_cast<int64_t>(self.ru_maxrss) * 1024;  // this process's peak so far (Linux: KiB)
    const std::string line = to_json(r).dump() + "\n";
    std::fputs(line.c_str(), protocol);
    std::fflush(protocol);
  }
  return 0;
}

}  // namespace mmbench
