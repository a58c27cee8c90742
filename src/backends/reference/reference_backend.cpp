// The reference backend: plain loops, accumulating in double (long double for f64 inputs). It is the oracle the
// conformance tests compare every backend with, not a contender: it is never selected by default.
#include "backends/reference/reference_backend.hpp"

#include <algorithm>
#include <vector>

namespace mmbench {
namespace {

class ReferenceBackend final : public Backend {
 public:
  ReferenceBackend()
      : Backend({.name = "reference",
                 .library = "mmbench naive loops",
                 .dtypes = {DType::f64, DType::f32},
                 .modes = kHostModes}) {}

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    found.version = MMB_REFERENCE_VERSION;
    return std::nullopt;
  }
  void do_set_inputs(const HostMatrix& a, const HostMatrix& b) override { a_ = &a, b_ = &b; }
  void do_prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) override {
    p_ = p;
    a_ = &a;
    b_ = &b;
    c_ = &c;
  }
  void do_run() override {
    if (p_.dtype == DType::f64)
      multiply<double, long double>(a_->as<double>(), b_->as<double>(), c_->as<double>());
    else
      multiply<float, double>(a_->as<float>(), b_->as<float>(), c_->as<float>());
  }

 private:
  // i-l-j order: the inner loop walks rows of B and of the accumulator contiguously.
  template <class T, class Acc>
  void multiply(const T* a, const T* b, T* c) const {
    std::vector<Acc> acc(static_cast<size_t>(p_.n));
    for (int64_t i = 0; i < p_.m; ++i) {
      std::fill(acc.begin(), acc.end(), Acc(0));
      for (int64_t l = 0; l < p_.k; ++l) {
        const Acc ail = a[i * p_.k + l];
        const T* brow = b + l * p_.n;
        for (int64_t j = 0; j < p_.n; ++j) acc[j] += ail * static_cast<Acc>(brow[j]);
      }
      for (int64_t j = 0; j < p_.n; ++j) c[i * p_.n + j] = static_cast<T>(acc[j]);
    }
  }
  Problem p_;
  const HostMatrix* a_ = nullptr;
  const HostMatrix* b_ = nullptr;
  HostMatrix* c_ = nullptr;
};

}  // namespace

std::unique_ptr<Backend> make_reference_backend() {
  return std::make_unique<ReferenceBackend>();
}

}  // namespace mmbench
