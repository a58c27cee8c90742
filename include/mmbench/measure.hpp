// Measurement of one point, in whatever process runs it: make the data, prepare, warm up, sample until the
// stopping rule says so, read the result back and verify it. Produces a Record; never throws for a bad point.
#pragma once
#include "mmbench/backend.hpp"
#include "mmbench/record.hpp"
#include "mmbench/sweep.hpp"

namespace mmbench {

// `warm_process`: this process has already run calls of this backend (a worker's later points), so the warm-up
// needs no minimum time, only timings that agree.
Record measure_point(Backend& backend, const PointKey& key, const MeasureOptions& opt, bool warm_process = false);

}  // namespace mmbench
