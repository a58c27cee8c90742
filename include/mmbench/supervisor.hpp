// Isolation: each point is measured in a child process (this same binary in worker mode) that the supervisor
// watches with a timeout. A crash, an abort or a hang becomes a `failed` record naming the signal or the limit;
// the sweep goes on. `isolate = false` measures in this process instead (for debugging).
#pragma once
#include <string>

#include "mmbench/backend_options.hpp"
#include "mmbench/record.hpp"
#include "mmbench/registry.hpp"
#include "mmbench/sweep.hpp"

namespace mmbench {

struct Supervisor {
  std::string self_exe;  // the binary to start in worker mode
  bool isolate = true;
  const Registry* registry = nullptr;  // used when not isolating
  BackendOptions backend_options;      // the plan's: the worker makes its backend with exactly these
  Record measure(const PointKey& key, const MeasureOptions& opt) const;
};

// Worker mode: read one JSON request {point, options, backend_options} from stdin, measure, write one JSON record line
// to stdout.
int worker_main(const Registry& registry);

}  // namespace mmbench
