// Every registered backend against exact (long double) products on awkward shapes, in every dtype it declares:
// the result of one call agrees entry by entry within the dtype's tolerance, and a full measurement of the point
// ends `ok`/`noisy`. A shape a backend refuses is skipped with why; so is a backend not usable on this machine (a
// library not installed). Data come from seed 11 (B from 12), the seed of the .rknn models the ctest fixture
// makes for rknpu:model (tests/CMakeLists.txt).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "mmbench/measure.hpp"
#include "mmbench/registry.hpp"
#include "mmbench/verify.hpp"

using namespace mmbench;

namespace {

struct Shape {
  int64_t m, n, k;
};
const Shape kShapes[] = {{1, 1, 1}, {7, 13, 5}, {1, 4096, 64}, {257, 255, 129}};

class Conformance : public ::testing::TestWithParam<std::tuple<std::string, int, DType>> {};

HostMatrix result_of(Backend& be, const Problem& p, const HostMatrix& a, const HostMatrix& b) {
  HostMatrix c(p.m, p.n, host_output_storage(p.dtype));
  if (c.storage() == DType::f32)
    std::fill_n(c.as<float>(), p.m * p.n, std::numeric_limits<float>::quiet_NaN());
  else
    std::fill_n(c.as<double>(), p.m * p.n, std::numeric_limits<double>::quiet_NaN());
  be.set_threads(2);
  be.prepare(p, a, b, c);
  be.run();
  be.synchronize();
  be.read_result();
  be.release();
  return c;
}

#ifdef MMB_CONFORMANCE_MODELS
// The fixture's .rknn folder, unless the caller chose one.
const int kModels = setenv("MMBENCH_RKNN_MODELS", MMB_CONFORMANCE_MODELS, 0);
#endif

TEST_P(Conformance, AgreesWithReference) {
  const auto& [name, shape_index, dtype] = GetParam();
  const Registry reg = make_registry();
  auto be = reg.make(name, with_environment_defaults({}));  // the library and models the test environment names
  if (auto why = be->probe()) GTEST_SKIP() << name << " not usable here: " << why->text;
  const Shape s = kShapes[shape_index];
  const Problem p{s.m, s.n, s.k, dtype};
  if (auto why = be->unsupported_reason(p)) GTEST_SKIP() << *why;

  HostMatrix a(p.m, p.k, host_input_storage(dtype)), b(p.k, p.n, host_b_storage(dtype));
  a.fill_random(11);
  b.fill_random(12);
  const HostMatrix got = result_of(*be, p, a, b);
  const double tol = tolerance_for(dtype, p.k);
  int bad = 0;
  for (int64_t i = 0; i < p.m && bad < 5; ++i)
    for (int64_t j = 0; j < p.n && bad < 5; ++j) {
      double scale = 0;
      long double exact = 0;
      for (int64_t l = 0; l < p.k; ++l) {
        scale += std::fabs(a.at(i, l) * b.at(l, j));
        exact += static_cast<long double>(a.at(i, l)) * b.at(l, j);
      }
      const double want = static_cast<double>(exact);
      const double err = std::fabs(got.at(i, j) - want) / std::max(scale, 1e-300);
      if (!(err <= 2 * tol)) {
        ++bad;
        ADD_FAILURE() << name << " " << p.shape() << " C[" << i << "][" << j << "] = " << got.at(i, j) << ", exact "
                      << want;
      }
    }
  EXPECT_TRUE(verify(p, a, b, got, 5).passed);

  MeasureOptions opt;
  opt.budget_s = 0.05;
  opt.warmup_cap_s = 0.02;
  opt.seed = 11;  // A from 11, B from 12: as above
  const Record r = measure_point(*be, {name, p, Mode::hot, 2}, opt);
  EXPECT_TRUE(is_success(r.status)) << to_string(r.status) << ": " << r.reason;
  EXPECT_GT(r.summary.n, 0u);
  EXPECT_GT(r.threads_used, 0);
  EXPECT_LE(r.max_rel_err, tolerance_for(dtype, p.k));
}

std::string test_name_of(const std::string& backend) {
  std::string n = backend;
  for (auto& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

// Whether the test filter can select a case of this backend. CTest runs each case alone, its exact name as the
// filter; learning a backend's dtypes makes it, which loads its module (libtorch: about a second), so without this
// each of the ~300 processes loaded every module (issue 27). Any pattern keeps every backend.
bool filter_may_select(const std::string& backend) {
  const std::string filter = GTEST_FLAG_GET(filter);
  if (filter.find_first_of("*?:-") != std::string::npos) return true;
  std::string prefix = "/";  // then the name and "_", then the shape, which starts with a digit
  prefix += test_name_of(backend);
  prefix += '_';
  const auto at = filter.find(prefix);
  return at != std::string::npos && at + prefix.size() < filter.size() &&
         std::isdigit(static_cast<unsigned char>(filter[at + prefix.size()]));
}

// Every backend × the dtypes it declares × every shape: a dtype a backend does not
// offer is not a test (its refusal is covered by unit and end-to-end tests).
std::vector<std::tuple<std::string, int, DType>> cases() {
  const std::vector<DType>& tested = all_dtypes();
  std::vector<std::tuple<std::string, int, DType>> out;
  const Registry reg = make_registry();
  for (const auto& e : reg.entries()) {
    if (!e.listed) continue;  // variants (rknpu:*@coreX) run the same code as their listed twin
    if (!filter_may_select(e.name)) continue;
    const auto offered = reg.make(e.name, with_environment_defaults({}))->description().dtypes;
    for (DType d : tested)
      if (std::find(offered.begin(), offered.end(), d) != offered.end())
        for (int shape = 0; shape < 4; ++shape) out.emplace_back(e.name, shape, d);
  }
  return out;
}

std::string param_name(const ::testing::TestParamInfo<Conformance::ParamType>& info) {
  const std::string n = test_name_of(std::get<0>(info.param));
  const Shape s = kShapes[std::get<1>(info.param)];
  return n + "_" + std::to_string(s.m) + "x" + std::to_string(s.n) + "x" + std::to_string(s.k) + "_" +
         std::string(to_string(std::get<2>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(AllBackends, Conformance, ::testing::ValuesIn(cases()), param_name);

// A worker process measures consecutive points of its backend with one instance (issue 15): prepare, calls,
// release, then the next shape — smaller, larger, odd — must verify every time, warm-up without a minimum after
// the first.
class ConsecutivePoints : public ::testing::TestWithParam<std::string> {};

TEST_P(ConsecutivePoints, OneInstanceMeasuresSeveralShapesInARow) {
  const std::string name = GetParam();
  const Registry reg = make_registry();
  auto be = reg.make(name, with_environment_defaults({}));
  if (auto why = be->probe()) GTEST_SKIP() << name << " not usable here: " << why->text;
  const DType d = be->description().dtypes.front();
  MeasureOptions opt;
  opt.budget_s = 0.05;
  opt.warmup_cap_s = 0.02;
  opt.seed = 11;  // the seed the NPU's conformance models were made with
  bool warm = false;
  for (const int shape : {3, 1, 2, 0}) {  // larger, smaller, wider, the smallest
    const Shape s = kShapes[shape];
    const Problem p{s.m, s.n, s.k, d};
    if (be->unsupported_reason(p)) continue;
    const Record r = measure_point(*be, {name, p, Mode::hot, 2}, opt, warm);
    EXPECT_TRUE(is_success(r.status)) << p.shape() << " " << to_string(r.status) << ": " << r.reason;
    EXPECT_EQ(r.warm_start, warm);
    warm = warm || !r.samples_s.empty();
  }
}

std::vector<std::string> listed_backends() {
  std::vector<std::string> out;
  const Registry reg = make_registry();  // named: a range-for over a temporary's entries() would dangle
  for (const auto& e : reg.entries())
    if (e.listed) out.push_back(e.name);
  return out;
}

INSTANTIATE_TEST_SUITE_P(AllBackends, ConsecutivePoints, ::testing::ValuesIn(listed_backends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return test_name_of(info.param); });

}  // namespace
