// Finding and loading CBLAS libraries at run time. Debian installs each implementation in its own directory
// (update-alternatives picks one as libblas.so.3); we load every one that is installed, side by side.
#include "backends/cblas/cblas_loader.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <map>
#include <mutex>

#include "mmbench/error.hpp"

namespace mmbench::cblas {

const std::vector<Family>& families() {
  static const std::vector<Family> all{
      {"netlib", "reference BLAS (netlib)", {"blas/libblas.so.3"}, ThreadControl::none},
      {"openblas",
       "OpenBLAS",
       {"openblas-pthread/libopenblas.so.0", "openblas-openmp/libopenblas.so.0", "openblas-serial/libopenblas.so.0",
        "libopenblas.so.0"},
       ThreadControl::openblas},
      {"blis",
       "BLIS",
       {"blis-pthread/libblis.so.4", "blis-openmp/libblis.so.4", "blis-serial/libblis.so.4", "libblis.so.4"},
       ThreadControl::blis},
      {"atlas", "ATLAS", {"atlas/libblas.so.3"}, ThreadControl::none},
  };
  return all;
}

Family family_by_path(const std::string& spec) {
  const auto eq = spec.find('=');
  const std::string label = spec.substr(0, eq), path = eq == std::string::npos ? "" : spec.substr(eq + 1);
  const bool label_ok = !label.empty() && label.find_first_not_of(
                                              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789._-") == std::string::npos;
  if (!label_ok || path.empty() || path.front() != '/')
    throw Error("'cblas:" + spec +
                "': give cblas:<label>=/absolute/path/to/libblas.so (label: letters, digits, . _ -)");
  return {spec, "CBLAS at " + path, {path}, ThreadControl::detect};
}

std::vector<std::string> search_dirs() {
  std::vector<std::string> dirs;
  const std::string arch = MMB_LIBRARY_ARCH;
  if (!arch.empty()) dirs.push_back("/usr/lib/" + arch);
#if defined(__x86_64__)
  dirs.push_back("/usr/lib/x86_64-linux-gnu");
#elif defined(__aarch64__)
  dirs.push_back("/usr/lib/aarch64-linux-gnu");
#endif
  for (const char* d : {"/usr/lib64", "/usr/lib", "/usr/local/lib"}) dirs.emplace_back(d);
  return dirs;
}

std::optional<std::string> locate(const Family& f) {
  if (f.threads == ThreadControl::detect) {  // by path: that file or nothing
    if (std::filesystem::is_regular_file(f.candidates.front())) return f.candidates.front();
    return std::nullopt;
  }
  for (const auto& c : f.candidates)
    for (const auto& d : search_dirs()) {
      const auto p = std::filesystem::path(d) / c;
      if (std::filesystem::exists(p)) return p.string();
    }
  return std::nullopt;
}

namespace {

// "libblas.so.3.11.0" -> "3.11.0": the reference BLAS has no version call; its file name carries the version.
std::string version_from_file_name(const std::string& path) {
  std::error_code ec;
  const std::string real = std::filesystem::canonical(path, ec).filename().string();
  const auto so = real.find(".so.");
  return so == std::string::npos ? "unknown" : real.substr(so + 4);
}

// The library's own symbols first, whatever the process already holds (the BLAS symbol trap: netlib's and BLIS's
// cblas_sgemm call sgemm_ through the global scope). A library in its own dlmopen namespace gets a second libc,
// and glibc shares its cache of thread stacks between namespaces: a stack a main-namespace thread left, with dynamic
// TLS blocks the main libc's malloc made, is reused by the library's pthread_create in the other namespace, whose
// libc free()s those blocks into its own heap. With BLIS, which starts its threads on every call, that corrupted
// the heap (issue 27: free(): invalid next size (fast) in get_cached_stack, under bli_gemm_ex). So a library that
// starts threads (OpenBLAS, BLIS, one given by path) keeps the process's libc and binds its own symbols first
// (RTLD_DEEPBIND); the single-threaded ones (netlib, ATLAS) keep a namespace of their own, the stronger isolation:
// it holds even when the same file is already loaded plainly. AddressSanitizer refuses RTLD_DEEPBIND: its builds
// use dlmopen throughout and leave BLIS out (cblas_backend.cpp).
void* open_isolated(const std::string& path, ThreadControl threads) {
#ifndef MMB_ASAN
  if (threads != ThreadControl::none) return dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
#endif
  (void)threads;
  return dlmopen(LM_ID_NEWLM, path.c_str(), RTLD_NOW | RTLD_LOCAL);
}

template <class Fn>
Fn symbol(void* h, const char* name) {
  return reinterpret_cast<Fn>(dlsym(h, name));
}

Library open_library(const Family& f) {
  const auto path = locate(f);
  if (!path) {
    std::string looked;
    for (const auto& c : f.candidates) looked += (looked.empty() ? "" : ", ") + c;
    throw Error(f.threads == ThreadControl::detect
                    ? "no file " + looked
                    : f.library + " not found (looked for " + looked + " under /usr/lib/<multiarch>)");
  }
  void* h = open_isolated(*path, f.threads);
  if (!h) throw Error(std::string("cannot load ") + *path + ": " + dlerror());
  Library lib;
  lib.handle = h;
  lib.path = *path;
  lib.sgemm = symbol<sgemm_fn>(h, "cblas_sgemm");
  lib.dgemm = symbol<dgemm_fn>(h, "cblas_dgemm");
  if (!lib.sgemm || !lib.dgemm) throw Error(*path + " has no cblas_sgemm/cblas_dgemm");
  lib.version = version_from_file_name(*path);
  ThreadControl threads = f.threads;
  if (threads == ThreadControl::detect)  // a library by path: its own exports say what it is
    threads = dlsym(h, "openblas_set_num_threads")     ? ThreadControl::openblas
              : dlsym(h, "bli_thread_set_num_threads") ? ThreadControl::blis
                                                       : ThreadControl::none;
  if (threads == ThreadControl::openblas) {
    lib.openblas_set_threads = symbol<void (*)(int)>(h, "openblas_set_num_threads");
    lib.openblas_get_threads = symbol<int (*)()>(h, "openblas_get_num_threads");
    if (auto config = symbol<const char* (*)()>(h, "openblas_get_config")) lib.version = config();
  } else if (threads == ThreadControl::blis) {
    lib.blis_set_threads = symbol<void (*)(long)>(h, "bli_thread_set_num_threads");
    lib.blis_get_threads = symbol<long (*)()>(h, "bli_thread_get_num_threads");
    if (auto v = symbol<const char* (*)()>(h, "bli_info_get_version_str")) lib.version = v();
  }
  return lib;
}

}  // namespace

const Library& load(const Family& f) {
  static std::mutex mutex;
  static std::map<std::string, Library> loaded;
  std::lock_guard lock(mutex);
  if (auto it = loaded.find(f.name); it != loaded.end()) return it->second;
  return loaded.emplace(f.name, open_library(f)).first->second;
}

}  // namespace mmbench::cblas
