// Isolation: points are measured in a child process (this same binary in worker mode) that the supervisor watches
// with a per-point timeout. A worker stays alive for consecutive points of one backend on one CPU set (its library
// loaded, its threads started, its buffers' pages resident: issue 15) and is replaced after any point that crashed,
// hung, failed or was wrong, so such a point still costs only itself. `isolate = false` measures in this process.
#pragma once
#include <memory>
#include <string>

#include "mmbench/backend_options.hpp"
#include "mmbench/record.hpp"
#include "mmbench/registry.hpp"
#include "mmbench/sweep.hpp"

namespace mmbench {

class Supervisor {
 public:
  // `self_exe`: the binary to start in worker mode; `registry`: used when not isolating; `backend_options`: the
  // plan's, the worker makes its backend with exactly these.
  Supervisor(std::string self_exe, bool isolate, const Registry* registry, BackendOptions backend_options);
  ~Supervisor();  // ends the live worker, if any
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Measures one point; whatever happens to the worker, a record comes back. The record's worker_point says how
  // many points the worker had measured (1: a fresh process).
  Record measure(const PointKey& key, const MeasureOptions& opt);
  // Ends the live worker now (the next point starts a fresh one): before work that must not share the CPUs with
  // a worker's idle threads.
  void end_worker();

 private:
  struct Worker;
  std::string self_exe_;
  bool isolate_;
  const Registry* registry_;
  BackendOptions backend_options_;
  std::unique_ptr<Worker> worker_;
};

// Worker mode: read JSON requests {point, options, backend_options}, one per line, from stdin until it closes;
// measure each in this process (one backend instance, pinned once) and write one JSON record line per request.
int worker_main(const Registry& registry);

}  // namespace mmbench
