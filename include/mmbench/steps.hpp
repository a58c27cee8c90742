// Steps: sizes where the time per flop of a series jumps (a changepoint between two neighbouring sizes), as the
// seed write-up saw "a few steps in the curve" and could only eyeball them. Pure.
#pragma once
#include <vector>

#include "mmbench/fit.hpp"
#include "mmbench/series.hpp"

namespace mmbench {

struct Step {
  double x_before = 0, x_after = 0;
  double gflops_before = 0, gflops_after = 0;
  double jump = 0;    // change of time per flop beyond the smooth trend: +0.25 = 25% more time per flop
  double sigmas = 0;  // the jump in units of its uncertainty (measured spreads, and the series' own scatter)
};

// `baseline`: a smooth fit of the series (the overhead model is the natural one: fixed cost + throughput explains
// the rise of efficiency with size); steps are jumps of the measured time relative to it. Null: relative to a
// constant time per flop. A jump between neighbours (beyond the local slope seen from both sides) counts when it
// is at least `min_jump`, exceeds 3σ of the four points' spreads and, with 8 or more candidates, 4 robust σ of
// the series' ordinary jumps. Needs 4 points; a jump in the first or last interval cannot be told from curvature
// and is not reported.
std::vector<Step> find_steps(const Series& s, const FitResult* baseline = nullptr, double min_jump = 0.10);

}  // namespace mmbench
