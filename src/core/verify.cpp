// Verification of one result. Sampled entries are exact-ish FP64/long-double dot products (products of f32
// inputs are exact in f64); Freivalds' check covers every entry at O(MK + KN + MN) cost. Its threshold is a
// Hoeffding bound: with random ±1 x, sum_j x_j e_ij exceeds 8 sqrt(sum_j e_ij^2) with probability < 3e-14, and
// each |e_ij| <= tol · sum_l |a_il b_lj| <= tol · |a_i|_2 |b_j|_2 (Cauchy–Schwarz), so no true result fails.
#include "mmbench/verify.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <fmt/format.h>

namespace mmbench {

double tolerance_for(DType d, int64_t k) {
  const double u = unit_roundoff(d);
  if (u == 0) return 0;  // integer types are exact
  // Inputs rounded to the dtype (2u per product) plus accumulation that grows like sqrt(K) for random data;
  // a safety factor of 4 keeps blocked and FMA orderings inside while a wrong index or value stays far outside.
  return 4.0 * u * (2.0 + std::sqrt(static_cast<double>(k)));
}

VerifyResult verify(const Problem& p, const HostMatrix& a, const HostMatrix& b, const HostMatrix& c, uint64_t seed,
                    int samples) {
  VerifyResult r;
  r.tolerance = tolerance_for(p.dtype, p.k);
  const int64_t M = p.m, N = p.n, K = p.k;

  // 1. NaN/Inf anywhere, or an all-zero C (known failure of some runtimes), is wrong whatever the speed.
  bool all_zero = true;
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      const double v = c.at(i, j);
      if (!std::isfinite(v)) {
        r.reason = fmt::format("C[{}][{}] is {}", i, j, v);
        return r;
      }
      all_zero = all_zero && v == 0.0;
    }
  if (all_zero && K > 0) {
    r.reason = "C is all zeros";
    return r;
  }

  // 2. Sampled entries, always including the four corners.
  std::mt19937_64 gen(seed ^ 0x9e3779b97f4a7c15ULL);
  std::vector<std::pair<int64_t, int64_t>> where{{0, 0}, {0, N - 1}, {M - 1, 0}, {M - 1, N - 1}};
  for (int s = 0; s < samples; ++s)
    where.emplace_back(static_cast<int64_t>(gen() % M), static_cast<int64_t>(gen() % N));
  double sum_err = 0;
  std::pair<int64_t, int64_t> worst{0, 0};
  for (auto [i, j] : where) {
    long double exact = 0, scale = 0;
    for (int64_t l = 0; l < K; ++l) {
      const long double prod = static_cast<long double>(a.at(i, l)) * b.at(l, j);
      exact += prod;
      scale += std::fabs(prod);
    }
    const double err = scale > 0 ? static_cast<double>(std::fabs(c.at(i, j) - exact) / scale) : std::fabs(c.at(i, j));
    sum_err += err;
    if (err > r.max_rel_err) {
      r.max_rel_err = err;
      worst = {i, j};
    }
  }
  r.mean_rel_err = sum_err / static_cast<double>(where.size());

  // 3. Freivalds: y = C·x against z = A·(B·x), row by row.
  std::vector<long double> x(N), bx(K, 0.0L);
  for (auto& v : x) v = (gen() & 1) ? 1.0L : -1.0L;
  long double b_frob2 = 0;
  for (int64_t l = 0; l < K; ++l)
    for (int64_t j = 0; j < N; ++j) {
      const long double v = b.at(l, j);
      bx[l] += v * x[j];
      b_frob2 += v * v;
    }
  for (int64_t i = 0; i < M; ++i) {
    long double y = 0, z = 0, a_norm2 = 0;
    for (int64_t j = 0; j < N; ++j) y += c.at(i, j) * x[j];
    for (int64_t l = 0; l < K; ++l) {
      const long double v = a.at(i, l);
      z += v * bx[l];
      a_norm2 += v * v;
    }
    const long double bound = std::sqrt(a_norm2 * b_frob2);
    const double rel = bound > 0 ? static_cast<double>(std::fabs(y - z) / bound) : 0.0;
    r.freivalds_rel_err = std::max(r.freivalds_rel_err, rel);
  }

  if (r.max_rel_err > r.tolerance) {
    r.reason = fmt::format("C[{}][{}] off by {:.3g} relative (tolerance {:.3g} for {} with K={})", worst.first,
                           worst.second, r.max_rel_err, r.tolerance, to_string(p.dtype), K);
    return r;
  }
  if (r.freivalds_rel_err > 8.0 * r.tolerance) {
    r.reason = fmt::format("Freivalds check failed: C·x differs from A·(B·x) by {:.3g} (limit {:.3g})",
                           r.freivalds_rel_err, 8.0 * r.tolerance);
    return r;
  }
  r.passed = true;
  return r;
}

}  // namespace mmbench
