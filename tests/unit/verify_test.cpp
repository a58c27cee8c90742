// Verification: correct results pass at every size; a single wrong entry, NaN or an all-zero C fail;
// tolerances follow the dtype's roundoff and grow with K. The typed, double-accumulating verify() decides as the
// element-by-element long-double one it replaced (kept here as the reference) on every storage.
#include "mmbench/verify.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

using namespace mmbench;

namespace {

struct Case {
  Problem p;
  HostMatrix a, b, c;
};

Case make_case(int64_t m, int64_t n, int64_t k, DType d) {
  Case c{{m, n, k, d}, HostMatrix(m, k, d), HostMatrix(k, n, d), HostMatrix(m, n, d)};
  c.a.fill_random(1);
  c.b.fill_random(2);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double s = 0;
      for (int64_t l = 0; l < k; ++l) s += c.a.at(i, l) * c.b.at(l, j);
      if (d == DType::f32)
        c.c.as<float>()[i * n + j] = static_cast<float>(s);
      else
        c.c.as<double>()[i * n + j] = s;
    }
  return c;
}

// A problem of any dtype in the host storages a backend would get, with C the exact product rounded to C's storage
// (f32 or f64).
Case make_typed_case(int64_t m, int64_t n, int64_t k, DType d, uint64_t seed) {
  Case c{{m, n, k, d},
         HostMatrix(m, k, host_input_storage(d)),
         HostMatrix(k, n, host_b_storage(d)),
         HostMatrix(m, n, host_output_storage(d))};
  c.a.fill_random(seed);
  c.b.fill_random(seed + 1);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      long double s = 0;
      for (int64_t l = 0; l < k; ++l) s += static_cast<long double>(c.a.at(i, l)) * c.b.at(l, j);
      if (c.c.storage() == DType::f32)
        c.c.as<float>()[i * n + j] = static_cast<float>(s);
      else
        c.c.as<double>()[i * n + j] = static_cast<double>(s);
    }
  return c;
}

void add_to(HostMatrix& c, int64_t i, int64_t j, double delta) {
  if (c.storage() == DType::f32)
    c.as<float>()[i * c.cols() + j] += static_cast<float>(delta);
  else
    c.as<double>()[i * c.cols() + j] += delta;
}

// verify() as it was before it read rows through typed pointers: at() per element, long double throughout, the
// same random draws in the same order. The reference the fast one must agree with.
VerifyResult reference_verify(const Problem& p, const HostMatrix& a, const HostMatrix& b, const HostMatrix& c,
                              uint64_t seed, int samples = 256) {
  VerifyResult r;
  r.tolerance = tolerance_for(p.dtype, p.k);
  const int64_t M = p.m, N = p.n, K = p.k;
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
    r.freivalds_rel_err =
        std::max(r.freivalds_rel_err, bound > 0 ? static_cast<double>(std::fabs(y - z) / bound) : 0.0);
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

}  // namespace

TEST(Tolerance, FollowsRoundoffAndK) {
  EXPECT_GT(tolerance_for(DType::f32, 4096), tolerance_for(DType::f32, 16));
  EXPECT_GT(tolerance_for(DType::f32, 64), 1e6 * tolerance_for(DType::f64, 64));
  EXPECT_GT(tolerance_for(DType::bf16, 64), tolerance_for(DType::f16, 64));
  EXPECT_EQ(tolerance_for(DType::i8, 4096), 0.0);
}

TEST(Verify, CorrectResultsPass) {
  for (auto [m, n, k] : {std::tuple{1, 1, 1}, {7, 13, 5}, {64, 64, 300}})
    for (DType d : {DType::f32, DType::f64}) {
      auto c = make_case(m, n, k, d);
      const auto v = verify(c.p, c.a, c.b, c.c, 7);
      EXPECT_TRUE(v.passed) << c.p.shape() << " " << to_string(d) << ": " << v.reason;
      EXPECT_LT(v.max_rel_err, v.tolerance);
    }
}

TEST(Verify, OneWrongEntryAnywhereFails) {
  auto c = make_case(48, 40, 32, DType::f32);
  c.c.as<float>()[17 * 40 + 23] += 0.05f;  // not a corner; caught by Freivalds if not sampled
  const auto v = verify(c.p, c.a, c.b, c.c, 7);
  EXPECT_FALSE(v.passed);
}

TEST(Verify, NanAndZeroFail) {
  auto c = make_case(8, 8, 8, DType::f32);
  c.c.as<float>()[9] = NAN;
  EXPECT_NE(verify(c.p, c.a, c.b, c.c, 1).reason.find("nan"), std::string::npos);
  c.c.fill_zero();
  EXPECT_EQ(verify(c.p, c.a, c.b, c.c, 1).reason, "C is all zeros");
}

TEST(Verify, F32ResultIsNotGoodEnoughForF64) {
  auto c = make_case(16, 16, 64, DType::f64);
  for (int i = 0; i < 256; ++i) c.c.as<double>()[i] = static_cast<float>(c.c.as<double>()[i]);
  EXPECT_FALSE(verify(c.p, c.a, c.b, c.c, 1).passed);
}

TEST(Verify, OneWrongEntryFailsInF16AndI4Storage) {
  // f16: Freivalds' limit is wide at K = 32 (tolerance 1.5e-2), so the wrong entry is far off, as from a wrong index.
  auto h = make_typed_case(48, 40, 32, DType::f16, 3);
  ASSERT_TRUE(verify(h.p, h.a, h.b, h.c, 7).passed);
  add_to(h.c, 17, 23, 50.0);
  EXPECT_FALSE(verify(h.p, h.a, h.b, h.c, 7).passed);
  // i4: exact, so one unit anywhere fails. Odd K and N start rows of A and B mid-byte.
  for (DType d : {DType::i4, DType::f16xi4}) {
    auto q = make_typed_case(33, 41, 27, d, 5);
    ASSERT_TRUE(verify(q.p, q.a, q.b, q.c, 7).passed) << to_string(d);
    add_to(q.c, 17, 23, d == DType::i4 ? 1.0 : 50.0);
    EXPECT_FALSE(verify(q.p, q.a, q.b, q.c, 7).passed) << to_string(d);
  }
}

TEST(Verify, DecidesAsTheElementByElementLongDoubleReference) {
  std::mt19937_64 gen(11);
  int passed = 0, caught_by_samples = 0, caught_by_freivalds = 0;
  for (DType d : {DType::f32, DType::f64, DType::f16, DType::bf16, DType::i8, DType::i4, DType::f16xi8, DType::f16xi4,
                  DType::f8, DType::tf32})
    for (int variant = 0; variant < 3; ++variant) {
      const auto dim = [&gen] { return static_cast<int64_t>(1 + gen() % 70); };
      const int64_t m = dim(), n = dim(), k = dim();
      auto c = make_typed_case(m, n, k, d, gen());
      // 0: correct; 1: one entry slightly off; 2: one entry far off.
      const int64_t i = static_cast<int64_t>(gen() % m), j = static_cast<int64_t>(gen() % n);
      if (variant == 1)  // about twice the tolerance on sum_l |a_il b_lj| ~ k/4; for integer types the least error, 1
        add_to(c.c, i, j, is_integer(d) ? 1.0 : 2.0 * tolerance_for(d, k) * static_cast<double>(k) / 4.0);
      if (variant == 2) add_to(c.c, i, j, 3.0);
      const uint64_t seed = gen();
      const VerifyResult fast = verify(c.p, c.a, c.b, c.c, seed), slow = reference_verify(c.p, c.a, c.b, c.c, seed);
      const std::string what = fmt::format("{} {} variant {}", c.p.shape(), to_string(d), variant);
      EXPECT_EQ(fast.passed, slow.passed) << what;
      passed += fast.passed;
      caught_by_samples += fast.reason.find("relative") != std::string::npos;
      caught_by_freivalds += fast.reason.find("Freivalds") != std::string::npos;
      EXPECT_EQ(fast.reason, slow.reason) << what;
      EXPECT_EQ(fast.tolerance, slow.tolerance) << what;
      EXPECT_DOUBLE_EQ(fast.max_rel_err, slow.max_rel_err) << what;
      EXPECT_DOUBLE_EQ(fast.mean_rel_err, slow.mean_rel_err) << what;
      // Freivalds' error is summed in another order (and in double but for f64): equal far below its limit.
      EXPECT_NEAR(fast.freivalds_rel_err, slow.freivalds_rel_err,
                  1e-6 * std::max(slow.freivalds_rel_err, 8.0 * slow.tolerance))
          << what;
    }
  // Every way out is compared, not only passing results.
  EXPECT_GT(passed, 0);
  EXPECT_GT(caught_by_samples, 0);
  EXPECT_GT(caught_by_freivalds, 0);
}

TEST(Verify, FindsTheFirstNonFiniteEntry) {
  auto c = make_typed_case(9, 11, 5, DType::f16, 1);
  c.c.as<float>()[3 * 11 + 7] = INFINITY;
  c.c.as<float>()[5 * 11 + 2] = NAN;
  EXPECT_EQ(verify(c.p, c.a, c.b, c.c, 1).reason, "C[3][7] is inf");
  EXPECT_EQ(verify(c.p, c.a, c.b, c.c, 1).reason, reference_verify(c.p, c.a, c.b, c.c, 1).reason);
}
