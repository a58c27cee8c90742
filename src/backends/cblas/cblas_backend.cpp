// cblas:<family> — sgemm/dgemm of a CBLAS library found at run time, row-major, alpha = 1, beta = 0.
// Thread count through the library's own call (OpenBLAS, BLIS); the reference BLAS and ATLAS are single-threaded.
#include "backends/cblas/cblas_backend.hpp"

#include <climits>

#include "backends/cblas/cblas_loader.hpp"
#include "mmbench/error.hpp"

namespace mmbench {
namespace {

class CblasBackend final : public Backend {
 public:
  explicit CblasBackend(const cblas::Family& f)
      : Backend(
            {.name = "cblas:" + f.name, .library = f.library, .dtypes = {DType::f64, DType::f32}, .modes = kHostModes}),
        family_(f) {}

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    const auto path = cblas::locate(family_);
    if (path) found.path = *path;
#ifdef MMB_ASAN
    // Under ASan the loader still uses dlmopen (ASan refuses RTLD_DEEPBIND), which gives the library a libc of its
    // own: BLIS's threads start from it, glibc's thread-stack cache is shared with the main namespace, whose stacks
    // ASan's allocator made, and BLIS's libc then aborts in free() (allocate_stack under pthread_create, from
    // bli_gemm_ex). OpenBLAS, netlib and ATLAS run under ASan; only a sanitized build leaves BLIS out, and says why.
    if (family_.threads == cblas::ThreadControl::blis)
      return Unusable{ProbeCode::other,
                      "not measured in an AddressSanitizer build: BLIS's threads start in its own dlmopen namespace, "
                      "whose libc aborts freeing the stacks ASan allocated (free(): invalid pointer)"};
#endif
    try {
      lib_ = &cblas::load(family_);
    } catch (const std::exception& e) {  // not found, or found but not loadable as a CBLAS
      return Unusable{path ? ProbeCode::other : ProbeCode::library_missing, e.what()};
    }
    found.version = lib_->version;
    found.path = lib_->path;
    return std::nullopt;
  }

  std::optional<std::string> do_unsupported_reason(const Problem& p) const override {
    if (p.m > INT_MAX || p.n > INT_MAX || p.k > INT_MAX) return "dimensions above 2^31-1 exceed the CBLAS int ABI";
    return std::nullopt;
  }

  int do_set_threads(int requested) override {
    if (lib_ && lib_->openblas_set_threads && lib_->openblas_get_threads) {
      lib_->openblas_set_threads(requested);
      return lib_->openblas_get_threads();
    }
    if (lib_ && lib_->blis_set_threads && lib_->blis_get_threads) {
      lib_->blis_set_threads(requested);
      return static_cast<int>(lib_->blis_get_threads());
    }
    return 1;
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
    const int m = static_cast<int>(p_.m), n = static_cast<int>(p_.n), k = static_cast<int>(p_.k);
    using cblas::kNoTrans, cblas::kRowMajor;
    if (p_.dtype == DType::f64)
      lib_->dgemm(kRowMajor, kNoTrans, kNoTrans, m, n, k, 1.0, static_cast<const double*>(a_), k,
                  static_cast<const double*>(b_), n, 0.0, static_cast<double*>(c_), n);
    else
      lib_->sgemm(kRowMajor, kNoTrans, kNoTrans, m, n, k, 1.0f, static_cast<const float*>(a_), k,
                  static_cast<const float*>(b_), n, 0.0f, static_cast<float*>(c_), n);
  }

 private:
  cblas::Family family_;
  const cblas::Library* lib_ = nullptr;
  Problem p_;
  const void* a_ = nullptr;
  const void* b_ = nullptr;
  void* c_ = nullptr;
};

}  // namespace

std::vector<std::string> cblas_backend_families() {
  std::vector<std::string> names;
  for (const auto& f : cblas::families()) names.push_back(f.name);
  return names;
}

std::unique_ptr<Backend> make_cblas_backend(const std::string& family) {
  for (const auto& f : cblas::families())
    if (f.name == family) return std::make_unique<CblasBackend>(f);
  if (family.find('=') != std::string::npos) return std::make_unique<CblasBackend>(cblas::family_by_path(family));
  throw Error("unknown CBLAS family " + family);
}

}  // namespace mmbench
