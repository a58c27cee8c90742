// Worker mode: the child side of isolation. Reads one request (a point and the options) from stdin, measures it
// in this process and writes one JSON record line on the protocol descriptor. Vendor libraries may print to
// stdout, so the protocol gets a private duplicate of it and fd 1 is pointed at stderr before any backend loads.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

#include "mmbench/cpu_set.hpp"
#include "mmbench/measure.hpp"
#include "mmbench/plan.hpp"
#include "mmbench/record_json.hpp"
#include "mmbench/supervisor.hpp"

namespace mmbench {

int worker_main(const Registry& registry) {
  const int protocol_fd = dup(STDOUT_FILENO);
  dup2(STDERR_FILENO, STDOUT_FILENO);
  FILE* protocol = fdopen(protocol_fd, "w");
  if (!protocol) return 3;

  const std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  Record r;
  try {
    const auto request = nlohmann::json::parse(input);
    const PointKey key = point_key_from_json(request.at("point"));
    const MeasureOptions opt = measure_options_from_json(request.at("options"));
    // The plan's backend options only: the worker's environment must not choose another library or device.
    const BackendOptions backend_options =
        backend_options_from_json(request.value("backend_options", nlohmann::json()));
    // Pinned before the backend loads: every thread its library creates inherits the set.
    std::string pin_error, allowed;
    if (!key.cpus.empty()) {
      pin_error = pin_this_thread(parse_kernel_cpu_list(key.cpus).value_or(CpuList{}));
      allowed = cpus_allowed_list();
    }
    if (!pin_error.empty())
      r = failed_record(key, "worker: " + pin_error);
    else if (auto backend = registry.make(key.backend, backend_options))
      r = measure_point(*backend, key, opt);
    else
      r = failed_record(key, "unknown backend in worker: " + key.backend);
    r.cpus_allowed = allowed;
  } catch (const std::exception& e) {
    r = failed_record(r.key, std::string("worker: ") + e.what());
  }
  const std::string line = to_json(r).dump() + "\n";
  std::fputs(line.c_str(), protocol);
  std::fflush(protocol);
  return 0;
}

}  // namespace mmbench
