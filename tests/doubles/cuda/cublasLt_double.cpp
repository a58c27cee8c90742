// Test double of cuBLASLt (libcublasLt.so.<major>): descriptors, layouts, preferences, one heuristic result and
// cublasLtMatmul on the host. It enforces what the documentation says of FP8 on Hopper — A and B E4M3, the "TN"
// form (A transposed, B not), 16-element alignment of rows and leading dimensions, fp32 compute — and checks every
// layout's dimensions against the operation, so a backend that describes its matrices wrongly is refused here as
// the real library would refuse it. Faults (MMBENCH_CUDA_FAULT): nofp8 (the heuristic finds nothing), zero, crash.
#include <cublasLt.h>

#include <csignal>
#include <cstring>

#include "gemm_double.hpp"

struct cublasLtContext {
  int unused = 0;
};

namespace {

struct Desc {
  cublasComputeType_t compute;
  cudaDataType scale;
  int32_t transa = CUBLAS_OP_N, transb = CUBLAS_OP_N;
};
struct Layout {
  cudaDataType type;
  uint64_t rows, cols;
  int64_t ld;
};
struct Pref {
  uint64_t max_workspace = 0;
};

template <class T, class H>
T* of(H h) {
  return reinterpret_cast<T*>(h);
}

bool is_fp8(cudaDataType t) {
  return t == CUDA_R_8F_E4M3 || t == CUDA_R_8F_E5M2;
}

// The operation's shape from its layouts, and whether the library would take it.
cublasStatus_t check(const Desc& d, const Layout& a, const Layout& b, const Layout& c, const Layout& dl) {
  const bool ta = d.transa != CUBLAS_OP_N, tb = d.transb != CUBLAS_OP_N;
  const uint64_t m = ta ? a.cols : a.rows, k = ta ? a.rows : a.cols;
  const uint64_t kb = tb ? b.cols : b.rows, n = tb ? b.rows : b.cols;
  if (k != kb || c.rows != m || c.cols != n || dl.rows != m || dl.cols != n) return CUBLAS_STATUS_INVALID_VALUE;
  for (const Layout* l : {&a, &b, &c, &dl})
    if (l->ld < static_cast<int64_t>(l->rows)) return CUBLAS_STATUS_INVALID_VALUE;
  if (d.compute != CUBLAS_COMPUTE_32F || d.scale != CUDA_R_32F) return CUBLAS_STATUS_NOT_SUPPORTED;
  if (is_fp8(a.type) || is_fp8(b.type)) {
    if (!(is_fp8(a.type) && is_fp8(b.type)) || !ta || tb) return CUBLAS_STATUS_NOT_SUPPORTED;  // FP8: TN only
    if (a.rows % 16 || b.rows % 16 || a.ld % 16 || b.ld % 16) return CUBLAS_STATUS_NOT_SUPPORTED;
    if (c.type != dl.type || !(c.type == CUDA_R_32F || c.type == CUDA_R_16F || c.type == CUDA_R_16BF))
      return CUBLAS_STATUS_NOT_SUPPORTED;
    return CUBLAS_STATUS_SUCCESS;
  }
  return a.type == CUDA_R_32F && b.type == CUDA_R_32F && c.type == CUDA_R_32F ? CUBLAS_STATUS_SUCCESS
                                                                              : CUBLAS_STATUS_NOT_SUPPORTED;
}

}  // namespace

extern "C" {

cublasStatus_t cublasLtCreate(cublasLtHandle_t* h) {
  *h = new cublasLtContext;
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasLtDestroy(cublasLtHandle_t h) {
  delete h;
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasLtMatmulDescCreate(cublasLtMatmulDesc_t* d, cublasComputeType_t compute, cudaDataType_t scale) {
  *d = reinterpret_cast<cublasLtMatmulDesc_t>(new Desc{compute, scale});
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasLtMatmulDescDestroy(cublasLtMatmulDesc_t d) {
  delete of<Desc>(d);
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasLtMatmulDescSetAttribute(cublasLtMatmulDesc_t d, cublasLtMatmulDescAttributes_t attr,
                                              const void* buf, size_t size) {
  if (!buf) return CUBLAS_STATUS_INVALID_VALUE;
  if (attr == CUBLASLT_MATMUL_DESC_TRANSA || attr == CUBLASLT_MATMUL_DESC_TRANSB) {
    if (size != sizeof(int32_t)) return CUBLAS_STATUS_INVALID_VALUE;  // the library checks the storage size
    std::memcpy(attr == CUBLASLT_MATMUL_DESC_TRANSA ? &of<Desc>(d)->transa : &of<Desc>(d)->transb, buf, size);
    return CUBLAS_STATUS_SUCCESS;
  }
  return CUBLAS_STATUS_NOT_SUPPORTED;  // attributes mmbench does not set are not imitated
}

cublasStatus_t cublasLtMatrixLayoutCreate(cublasLtMatrixLayout_t* l, cudaDataType type, uint64_t rows, uint64_t cols,
                                          int64_t ld) {
  *l = reinterpret_cast<cublasLtMatrixLayout_t>(new Layout{type, rows, cols, ld});
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasLtMatrixLayoutDestroy(cublasLtMatrixLayout_t l) {
  delete of<Layout>(l);
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasLtMatmulPreferenceCreate(cublasLtMatmulPreference_t* p) {
  *p = reinterpret_cast<cublasLtMatmulPreference_t>(new Pref);
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasLtMatmulPreferenceDestroy(cublasLtMatmulPreference_t p) {
  delete of<Pref>(p);
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasLtMatmulPreferenceSetAttribute(cublasLtMatmulPreference_t p,
                                                    cublasLtMatmulPreferenceAttributes_t attr, const void* buf,
                                                    size_t size) {
  if (attr != CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES) return CUBLAS_STATUS_NOT_SUPPORTED;
  if (!buf || size != sizeof(uint64_t)) return CUBLAS_STATUS_INVALID_VALUE;
  std::memcpy(&of<Pref>(p)->max_workspace, buf, size);
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasLtMatmulAlgoGetHeuristic(cublasLtHandle_t h, cublasLtMatmulDesc_t d, cublasLtMatrixLayout_t a,
                                              cublasLtMatrixLayout_t b, cublasLtMatrixLayout_t c,
                                              cublasLtMatrixLayout_t dl, cublasLtMatmulPreference_t, int requested,
                                              cublasLtMatmulHeuristicResult_t* results, int* found) {
  *found = 0;
  if (!h || requested < 1) return CUBLAS_STATUS_INVALID_VALUE;
  if (cuda_double::fault("nofp8")) return CUBLAS_STATUS_NOT_SUPPORTED;
  const cublasStatus_t st = check(*of<Desc>(d), *of<Layout>(a), *of<Layout>(b), *of<Layout>(c), *of<Layout>(dl));
  if (st != CUBLAS_STATUS_SUCCESS) return st;
  std::memset(&results[0], 0, sizeof results[0]);
  results[0].algo.data[0] = 0x4d4d42;  // any non-zero mark: Matmul refuses an algorithm not from here
  results[0].state = CUBLAS_STATUS_SUCCESS;
  results[0].wavesCount = 1;
  *found = 1;
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasLtMatmul(cublasLtHandle_t h, cublasLtMatmulDesc_t desc, const void* alpha, const void* A,
                              cublasLtMatrixLayout_t al, const void* B, cublasLtMatrixLayout_t bl, const void* beta,
                              const void* C, cublasLtMatrixLayout_t cl, void* D, cublasLtMatrixLayout_t dl,
                              const cublasLtMatmulAlgo_t* algo, void*, size_t, cudaStream_t) {
  if (!h || !algo || algo->data[0] != 0x4d4d42) return CUBLAS_STATUS_INVALID_VALUE;
  const Desc& d = *of<Desc>(desc);
  const Layout &a = *of<Layout>(al), &b = *of<Layout>(bl), &c = *of<Layout>(cl), &dd = *of<Layout>(dl);
  if (const cublasStatus_t st = check(d, a, b, c, dd); st != CUBLAS_STATUS_SUCCESS) return st;
  if (cuda_double::fault("crash")) std::raise(SIGSEGV);
  const bool ta = d.transa != CUBLAS_OP_N, tb = d.transb != CUBLAS_OP_N;
  const int64_t k = static_cast<int64_t>(ta ? a.rows : a.cols);
  const float al_ = *static_cast<const float*>(alpha), be = *static_cast<const float*>(beta);
  cuda_double::gemm(static_cast<int64_t>(dd.rows), static_cast<int64_t>(dd.cols), k, al_, {a.type, A, a.ld, ta},
                    {b.type, B, b.ld, tb}, be, dd.type, C, c.ld, D, dd.ld, false);
  return CUBLAS_STATUS_SUCCESS;
}

}  // extern "C"
