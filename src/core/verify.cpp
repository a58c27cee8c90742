// Verification of one result. Sampled entries are exact-ish FP64/long-double dot products (products of f32
// inputs are exact in f64); Freivalds' check covers every entry at O(MK + KN + MN) cost. Its threshold is a
// Hoeffding bound: with random ±1 x, sum_j x_j e_ij exceeds 8 sqrt(sum_j e_ij^2) with probability < 3e-14, and
// each |e_ij| <= tol · sum_l |a_il b_lj| <= tol · |a_i|_2 |b_j|_2 (Cauchy–Schwarz), so no true result fails.
#include "mmbench/verify.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "mmbench/half.hpp"

namespace mmbench {

namespace {

using Position = std::pair<int64_t, int64_t>;

// Calls f(get), where get(i) is element i (row-major) of m as a double, the value HostMatrix::at gives. The switch
// on the storage runs once per call instead of once per element (at() costs a call and a switch per element, which
// made verify() take 0.7 s at N = 4096 f32), and f's loops are compiled for each storage.
template <class F>
void with_elements(const HostMatrix& m, F&& f) {
  switch (m.storage()) {
    case DType::f64:
      return f([p = m.as<double>()](int64_t i) { return p[i]; });
    case DType::f16: {
      // Without F16C in a baseline x86-64 build each conversion is a libgcc call (~8 ns): look all 2^16 up once.
      static const std::vector<float> value_of = [] {
        std::vector<float> t(65536);
        for (size_t h = 0; h < t.size(); ++h) t[h] = f16_bits_to_f32(static_cast<uint16_t>(h));
        return t;
      }();
      return f([p = m.as<uint16_t>(), t = value_of.data()](int64_t i) { return static_cast<double>(t[p[i]]); });
    }
    case DType::bf16:
      return f([p = m.as<uint16_t>()](int64_t i) { return static_cast<double>(bf16_bits_to_f32(p[i])); });
    case DType::i8:
      return f([p = m.as<int8_t>()](int64_t i) { return static_cast<double>(p[i]); });
    case DType::i4:
      return f([p = m.as<uint8_t>()](int64_t i) { return static_cast<double>(i4_at(p, i)); });
    case DType::f8:
      return f([p = m.as<uint8_t>()](int64_t i) { return static_cast<double>(f8e4m3_bits_to_f32(p[i])); });
    default:
      return f([p = m.as<float>()](int64_t i) { return static_cast<double>(p[i]); });
  }
}

// Row r of m as doubles, read once so that the sums below run over a plain array.
void load_row(const HostMatrix& m, int64_t r, std::vector<double>& out) {
  const int64_t n = m.cols(), base = r * n;
  out.resize(static_cast<size_t>(n));
  with_elements(m, [&](auto get) {
    for (int64_t j = 0; j < n; ++j) out[static_cast<size_t>(j)] = get(base + j);
  });
}

// sum_{j<n} term(j) in four partial sums: without them each addition waits for the previous one and the compiler
// may not reorder floating-point sums, so nothing is vectorised.
template <class Acc, class Term>
Acc sum(int64_t n, Term&& term) {
  Acc part[4] = {0, 0, 0, 0};
  int64_t j = 0;
  for (; j + 4 <= n; j += 4)
    for (int q = 0; q < 4; ++q) part[q] += term(j + q);
  for (; j < n; ++j) part[0] += term(j);
  return (part[0] + part[1]) + (part[2] + part[3]);
}

template <class Acc, class V>
Acc dot(const double* u, const V* v, int64_t n) {
  return sum<Acc>(n, [&](int64_t j) { return static_cast<Acc>(u[j]) * static_cast<Acc>(v[j]); });
}

// sum_l a_il·b_lj and sum_l |a_il·b_lj| for each sampled (i, j), in long double and in order of l, as a plain
// loop over at() would give them. Blocks of columns of A's sampled rows and the same rows of B's sampled columns
// are gathered first: a column of B read alone touches one page per element, and A's rows, a whole number of pages
// apart, share cache sets, so reading them element by element across samples misses the cache every time.
void sampled_sums(const HostMatrix& a, const HostMatrix& b, const std::vector<Position>& where,
                  std::vector<long double>& exact, std::vector<long double>& scale) {
  const int64_t K = a.cols(), N = b.cols();
  constexpr int64_t block = 32;
  const size_t S = where.size();
  exact.assign(S, 0.0L);
  scale.assign(S, 0.0L);
  std::vector<double> a_blk(S * block), b_blk(S * block);
  for (int64_t l0 = 0; l0 < K; l0 += block) {
    const int64_t len = std::min(block, K - l0);
    with_elements(a, [&](auto get) {
      for (size_t s = 0; s < S; ++s)
        for (int64_t q = 0; q < len; ++q) a_blk[s * block + q] = get(where[s].first * K + l0 + q);
    });
    with_elements(b, [&](auto get) {
      for (int64_t q = 0; q < len; ++q)  // row by row of B
        for (size_t s = 0; s < S; ++s) b_blk[s * block + q] = get((l0 + q) * N + where[s].second);
    });
    for (size_t s = 0; s < S; ++s)
      for (int64_t q = 0; q < len; ++q) {
        const long double prod = static_cast<long double>(a_blk[s * block + q]) * b_blk[s * block + q];
        exact[s] += prod;
        scale[s] += std::fabs(prod);
      }
  }
}

// The worst row of Freivalds' check, |C·x - A·(B·x)|_i / (|a_i|_2 |B|_F), accumulated in Acc. Double is enough for
// every dtype but f64: its rounding error, about sqrt(K)·2^-53 relative, stays orders below the smallest limit
// (8 × tolerance of f32, ~1e-5 at K = 4096), and integer sums stay exact below 2^53. For f64 the limit is ~2e-13 at
// K = 4096, which K terms of double rounding could approach, so f64 keeps long double (x87: slower, not vectorised).
template <class Acc>
double freivalds_rel_err(const HostMatrix& a, const HostMatrix& b, const HostMatrix& c, const std::vector<double>& x) {
  const int64_t M = c.rows(), N = c.cols(), K = a.cols();
  std::vector<double> row;
  std::vector<Acc> bx(static_cast<size_t>(K));
  Acc b_frob2 = 0;
  for (int64_t l = 0; l < K; ++l) {  // row-major B: row by row, each read once
    load_row(b, l, row);
    bx[static_cast<size_t>(l)] = dot<Acc>(row.data(), x.data(), N);
    b_frob2 += dot<Acc>(row.data(), row.data(), N);
  }
  double worst = 0;
  for (int64_t i = 0; i < M; ++i) {
    load_row(c, i, row);
    const Acc y = dot<Acc>(row.data(), x.data(), N);
    load_row(a, i, row);
    const Acc z = dot<Acc>(row.data(), bx.data(), K), a_norm2 = dot<Acc>(row.data(), row.data(), K);
    const Acc bound = std::sqrt(a_norm2 * b_frob2);
    worst = std::max(worst, bound > 0 ? static_cast<double>(std::fabs(y - z) / bound) : 0.0);
  }
  return worst;
}

}  // namespace

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

  // 1. NaN/Inf anywhere, or an all-zero C (known failure of some runtimes), is wrong whatever the speed. v·0 is 0
  // for every finite v and NaN otherwise, so one vectorised sum finds a row to search for the first bad entry; a sum
  // of |v| is 0 only when every v is (no cancellation, and it cannot underflow to 0).
  bool all_zero = true;
  std::vector<double> row;
  for (int64_t i = 0; i < M; ++i) {
    load_row(c, i, row);
    const double* v = row.data();
    if (sum<double>(N, [v](int64_t j) { return v[j] * 0.0; }) != 0.0)
      for (int64_t j = 0; j < N; ++j)
        if (!std::isfinite(v[j])) {
          r.reason = fmt::format("C[{}][{}] is {}", i, j, v[j]);
          return r;
        }
    all_zero = all_zero && sum<double>(N, [v](int64_t j) { return std::fabs(v[j]); }) == 0.0;
  }
  if (all_zero && K > 0) {
    r.reason = "C is all zeros";
    return r;
  }

  // 2. Sampled entries, always including the four corners.
  std::mt19937_64 gen(seed ^ 0x9e3779b97f4a7c15ULL);
  std::vector<Position> where{{0, 0}, {0, N - 1}, {M - 1, 0}, {M - 1, N - 1}};
  for (int s = 0; s < samples; ++s)
    where.emplace_back(static_cast<int64_t>(gen() % M), static_cast<int64_t>(gen() % N));
  std::vector<long double> exact, scale;
  sampled_sums(a, b, where, exact, scale);
  double sum_err = 0;
  Position worst{0, 0};
  for (size_t s = 0; s < where.size(); ++s) {
    const auto [i, j] = where[s];
    const double c_ij = c.at(i, j);
    const double err = scale[s] > 0 ? static_cast<double>(std::fabs(c_ij - exact[s]) / scale[s]) : std::fabs(c_ij);
    sum_err += err;
    if (err > r.max_rel_err) {
      r.max_rel_err = err;
      worst = {i, j};
    }
  }
  r.mean_rel_err = sum_err / static_cast<double>(where.size());

  // 3. Freivalds: y = C·x against z = A·(B·x), row by row; x is drawn after the samples.
  std::vector<double> x(static_cast<size_t>(N));
  for (auto& v : x) v = (gen() & 1) ? 1.0 : -1.0;
  r.freivalds_rel_err =
      p.dtype == DType::f64 ? freivalds_rel_err<long double>(a, b, c, x) : freivalds_rel_err<double>(a, b, c, x);

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
