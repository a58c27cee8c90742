// Verification of a result against exact FP64 arithmetic: sampled entries (always the corners) computed as
// exact dot products, plus Freivalds' check C·x = A·(B·x) over the whole matrix, and a scan for NaN/Inf/all-zero.
// Errors are relative to sum_l |a_il·b_lj| (equal to |c_ij| when no cancellation; finite when c_ij is ~0).
#pragma once
#include <cstdint>
#include <string>

#include "mmbench/host_matrix.hpp"
#include "mmbench/problem.hpp"

namespace mmbench {

struct VerifyResult {
  bool passed = false;
  double max_rel_err = 0, mean_rel_err = 0;  // over the sampled entries
  double freivalds_rel_err = 0;              // worst row of C·x against A·(B·x)
  double tolerance = 0;
  std::string reason;  // why it failed, for a person
};

// Tolerance for a relative error (as defined above) of one dot product of length k in dtype d.
double tolerance_for(DType d, int64_t k);
VerifyResult verify(const Problem& p, const HostMatrix& a, const HostMatrix& b, const HostMatrix& c, uint64_t seed,
                    int samples = 256);

}  // namespace mmbench
