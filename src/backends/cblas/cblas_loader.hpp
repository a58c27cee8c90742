// Run-time loading of CBLAS libraries, each binding its own symbols first (cblas_loader.cpp: dlmopen, or
// RTLD_DEEPBIND for the libraries that start threads).
// Debian's reference BLAS and BLIS call sgemm_ through the global symbol scope; loaded plainly, a process that
// already holds OpenBLAS (or anything linking it) would silently measure OpenBLAS under the name "netlib".
#pragma once
#include <optional>
#include <string>
#include <vector>

// AddressSanitizer builds (the asan preset): GCC says so with __SANITIZE_ADDRESS__, clang with __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define MMB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MMB_ASAN 1
#endif
#endif

namespace mmbench::cblas {

// CBLAS ABI facts (netlib cblas.h): enum values and the LP64 signatures with 32-bit int dimensions.
inline constexpr int kRowMajor = 101, kNoTrans = 111;
using sgemm_fn = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*,
                          int);
using dgemm_fn = void (*)(int, int, int, int, int, int, double, const double*, int, const double*, int, double, double*,
                          int);

enum class ThreadControl { none, openblas, blis, detect };  // detect: whichever of the two the library exports

struct Family {
  std::string name;                     // "openblas" → backend "cblas:openblas"
  std::string library;                  // "OpenBLAS"
  std::vector<std::string> candidates;  // file names relative to the library directories, preferred first
  ThreadControl threads;
};

const std::vector<Family>& families();
// A library given by path: "<label>=<path>" (backend "cblas:<label>=<path>"); its thread control is detected.
// Throws mmbench::Error for a label other than letters, digits, '.', '_' and '-', or a relative path.
Family family_by_path(const std::string& label_and_path);
// Library directories searched, multiarch first.
std::vector<std::string> search_dirs();
// First existing candidate of a family; empty when none is installed.
std::optional<std::string> locate(const Family& f);

// A loaded library. Loaded once per process and never unloaded: dlclose of a library whose worker threads are
// alive (OpenBLAS, BLIS) is a known crash, and a worker process ends soon anyway.
struct Library {
  void* handle = nullptr;  // dlopen's: the symbols of the library and of what it loaded
  std::string path, version;
  sgemm_fn sgemm = nullptr;
  dgemm_fn dgemm = nullptr;
  void (*openblas_set_threads)(int) = nullptr;
  int (*openblas_get_threads)() = nullptr;
  void (*blis_set_threads)(long) = nullptr;
  long (*blis_get_threads)() = nullptr;
};

// Loads (or returns the already loaded) library of a family; throws mmbench::Error with the reason.
const Library& load(const Family& f);

}  // namespace mmbench::cblas
