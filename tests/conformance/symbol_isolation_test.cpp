// The BLAS symbol trap: Debian's reference BLAS implements cblas_sgemm by calling sgemm_ through the global
// symbol scope. With OpenBLAS already global, a plainly dlopen'ed "netlib" runs OpenBLAS. The loader's dlmopen
// must give the real reference BLAS, recognised bit for bit by its loop order (netlib's sgemm adds the products
// of each column in sequence; OpenBLAS's blocked FMA kernels round differently). No timing is involved.
#include <dlfcn.h>

#include <cmath>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "backends/cblas/cblas_loader.hpp"
#include "mmbench/host_matrix.hpp"

using namespace mmbench;

namespace {

const cblas::Family& family(const std::string& name) {
  for (const auto& f : cblas::families())
    if (f.name == name) return f;
  throw std::runtime_error("no family " + name);
}

// K far above OpenBLAS's K blocking: its blocked sums then differ from any one sequential chain (with K inside one
// block, its FMA kernel adds in exactly netlib's order on FMA hardware and the fingerprint would see no difference).
constexpr int kN = 64, kK = 2048;

std::vector<float> multiply(cblas::sgemm_fn sgemm, const HostMatrix& a, const HostMatrix& b) {
  std::vector<float> c(kN * kN, 0.0f);
  sgemm(cblas::kRowMajor, cblas::kNoTrans, cblas::kNoTrans, kN, kN, kK, 1.0f, a.as<float>(), kK, b.as<float>(), kN,
        0.0f, c.data(), kN);
  return c;
}

// What netlib's loop order produces: c_ij = (((a_i0 b_0j) + a_i1 b_1j) + ...), in float, with or without FMA.
bool is_netlib_order(const std::vector<float>& c, const HostMatrix& a, const HostMatrix& b) {
  for (bool fused : {false, true}) {
    bool all = true;
    for (int i = 0; i < kN && all; ++i)
      for (int j = 0; j < kN && all; ++j) {
        float s = 0.0f;
        for (int l = 0; l < kK; ++l) {
          const float x = a.as<float>()[i * kK + l], y = b.as<float>()[l * kN + j];
          s = fused ? std::fma(x, y, s) : s + x * y;
        }
        all = s == c[i * kN + j];
      }
    if (all) return true;
  }
  return false;
}

}  // namespace

TEST(SymbolIsolation, ReferenceBlasStaysReferenceWhenOpenBlasIsGlobal) {
  const auto netlib = cblas::locate(family("netlib"));
  const auto openblas = cblas::locate(family("openblas"));
  if (!netlib || !openblas) GTEST_SKIP() << "needs both the reference BLAS and OpenBLAS installed";
  HostMatrix a(kN, kK, DType::f32), b(kK, kN, DType::f32);
  a.fill_random(3);
  b.fill_random(4);

  // Put OpenBLAS's sgemm_ into the global scope, as linking it (or Ceres) would.
  void* global = dlopen(openblas->c_str(), RTLD_NOW | RTLD_GLOBAL);
  ASSERT_NE(global, nullptr) << dlerror();
  auto openblas_sgemm = reinterpret_cast<cblas::sgemm_fn>(dlsym(global, "cblas_sgemm"));
  ASSERT_FALSE(is_netlib_order(multiply(openblas_sgemm, a, b), a, b)) << "fingerprint cannot tell them apart";

  // The trap, shown: a plain dlopen of the reference BLAS computes OpenBLAS's answer.
  void* plain = dlopen(netlib->c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(plain, nullptr) << dlerror();
  const bool trapped =
      !is_netlib_order(multiply(reinterpret_cast<cblas::sgemm_fn>(dlsym(plain, "cblas_sgemm")), a, b), a, b);
  if (!trapped) std::printf("note: plain dlopen was not trapped on this system\n");

  // The loader: its own namespace, the real reference BLAS.
  const cblas::Library& lib = cblas::load(family("netlib"));
  EXPECT_TRUE(is_netlib_order(multiply(lib.sgemm, a, b), a, b))
      << "cblas:netlib did not compute in netlib's order: another BLAS answered";
}

// Issue 27: cblas:blis corrupted the heap now and then (free(): invalid next size (fast)). In its own dlmopen
// namespace BLIS had a second libc, whose pthread_create reused thread stacks from the cache glibc shares between
// namespaces and free()d, into its own heap, the dynamic TLS blocks the main libc had made for them. A library that
// starts threads must share the process's libc; ASan builds still use dlmopen and leave BLIS out.
TEST(SymbolIsolation, ThreadingLibrariesShareTheProcessLibc) {
#ifdef MMB_ASAN
  GTEST_SKIP() << "an AddressSanitizer build loads CBLAS libraries with dlmopen (ASan refuses RTLD_DEEPBIND)";
#else
  int checked = 0;
  for (const std::string name : {"openblas", "blis"}) {
    if (!cblas::locate(family(name))) continue;
    const cblas::Library& lib = cblas::load(family(name));
    EXPECT_EQ(dlsym(lib.handle, "free"), dlsym(RTLD_DEFAULT, "free")) << name << " has a libc of its own";
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "neither OpenBLAS nor BLIS is installed";
#endif
}

// The failure itself, made certain: threads of this process leave stacks holding dynamic TLS blocks, and BLIS starts
// its two threads on every call. With dlmopen this crashed at the 39th call; 60 calls pass with one libc.
TEST(SymbolIsolation, BlisThreadsReuseTheProcessThreadStacks) {
#ifdef MMB_ASAN
  GTEST_SKIP() << "BLIS is left out of AddressSanitizer builds";
#else
  if (!cblas::locate(family("blis"))) GTEST_SKIP() << "BLIS is not installed";
  void* tls = dlopen(MMB_TLS_MODULE, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(tls, nullptr) << dlerror();
  const auto touch = reinterpret_cast<char* (*)()>(dlsym(tls, "mmbench_test_touch_tls"));
  ASSERT_NE(touch, nullptr);
  const cblas::Library& lib = cblas::load(family("blis"));
  ASSERT_TRUE(lib.blis_set_threads);
  lib.blis_set_threads(2);
  constexpr int n = 64;
  std::vector<float> a(n * n, 1.0f), b(n * n, 1.0f), c(n * n);
  for (int call = 0; call < 60; ++call) {
    std::thread([touch] { touch(); }).join();
    lib.sgemm(cblas::kRowMajor, cblas::kNoTrans, cblas::kNoTrans, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f,
              c.data(), n);
    ASSERT_EQ(c[0], static_cast<float>(n));
  }
#endif
}
