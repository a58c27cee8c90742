// eigen — Eigen 3's GEMM on row-major maps of the host buffers (no copies). Eigen parallelises GEMM only through
// OpenMP, so the thread count is honoured when this file is built with it and reported as 1 otherwise.
// A module (mmbench-eigen.so, hidden symbols): it is compiled for this machine (-march=native) while the fits
// include Eigen with baseline flags, and in one binary the linker would keep one copy of each Eigen template for
// both (issue 17: a crash in Debug, the baseline kernels measured in Release).
#include <Eigen/Core>
#include <fmt/format.h>

#include "mmbench/backend.hpp"
#include "mmbench/module_backend.hpp"

namespace mmbench {
namespace {

class EigenBackend final : public Backend {
 public:
  EigenBackend()
      : Backend({.name = "eigen", .library = "Eigen", .dtypes = {DType::f64, DType::f32}, .modes = kHostModes}) {}

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    found.version = fmt::format("{}.{}.{} ({}; {})", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION,
#ifdef _OPENMP
                                "OpenMP",
#else
                                "no OpenMP: 1 thread",
#endif
                                Eigen::SimdInstructionSetsInUse());
    return std::nullopt;
  }
  int do_set_threads(int requested) override {
    Eigen::setNbThreads(requested);
    return Eigen::nbThreads();
  }
  void do_set_inputs(const HostMatrix& a, const HostMatrix& b) override {
    a_ = a.data(), b_ = b.data();
  }
  void do_prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) override {
    p_ = p;
    a_ = a.data();
    b_ = b.data();
    c_ = c.data();
  }
  void do_run() override {
    if (p_.dtype == DType::f64)
      multiply<double>();
    else
      multiply<float>();
  }

 private:
  template <class T>
  void multiply() {
    using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<const Mat> a(static_cast<const T*>(a_), p_.m, p_.k), b(static_cast<const T*>(b_), p_.k, p_.n);
    Eigen::Map<Mat> c(static_cast<T*>(c_), p_.m, p_.n);
    c.noalias() = a * b;
  }
  Problem p_;
  const void* a_ = nullptr;
  const void* b_ = nullptr;
  void* c_ = nullptr;
};

}  // namespace
}  // namespace mmbench

MMBENCH_MODULE_ENTRY {
  return new mmbench::EigenBackend();
}
