// Measurement of one point, in whatever process runs it: make the data, prepare, warm up, sample until the
// stopping rule says so, read the result back and verify it. Produces a Record; never throws for a bad point.
#pragma once
#include "mmbench/backend.hpp"
#include "mmbench/record.hpp"
#include "mmbench/sweep.hpp"

namespace mmbench {

Record measure_point(Backend& backend, const PointKey& key, const MeasureOptions& opt);

}  // namespace mmbench
