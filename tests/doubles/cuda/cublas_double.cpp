// Test double of cuBLAS (libcublas.so.<major>): handle, version and cublasGemmEx computed on the host by the
// double's own GEMM, honouring the documented type combinations (an unsupported one is
// CUBLAS_STATUS_NOT_SUPPORTED, int8 leading dimensions not multiples of 4 CUBLAS_STATUS_INVALID_VALUE).
// Faults (MMBENCH_CUDA_FAULT): zero (C written as zeros), crash (SIGSEGV inside the call). Tests only.
#include <cublas_v2.h>

#include <csignal>

#include "gemm_double.hpp"

struct cublasContext {
  int unused = 0;
};

extern "C" {

cublasStatus_t cublasCreate_v2(cublasHandle_t* h) {
  *h = new cublasContext;
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasDestroy_v2(cublasHandle_t h) {
  delete h;
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasGetVersion_v2(cublasHandle_t, int* v) {
  *v = CUBLAS_VERSION;
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasGemmEx(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k,
                            const void* alpha, const void* A, cudaDataType at, int lda, const void* B, cudaDataType bt,
                            int ldb, const void* beta, void* C, cudaDataType ct, int ldc, cublasComputeType_t compute,
                            cublasGemmAlgo_t) {
  if (!h) return CUBLAS_STATUS_NOT_INITIALIZED;
  if (m < 0 || n < 0 || k < 0 || lda < (ta == CUBLAS_OP_N ? m : k) || ldb < (tb == CUBLAS_OP_N ? k : n) || ldc < m)
    return CUBLAS_STATUS_INVALID_VALUE;
  const bool f32 = at == CUDA_R_32F && bt == CUDA_R_32F && ct == CUDA_R_32F &&
                   (compute == CUBLAS_COMPUTE_32F || compute == CUBLAS_COMPUTE_32F_FAST_TF32);
  const bool half = at == bt && at == ct && (at == CUDA_R_16F || at == CUDA_R_16BF) && compute == CUBLAS_COMPUTE_32F;
  const bool int8 = at == CUDA_R_8I && bt == CUDA_R_8I && ct == CUDA_R_32I && compute == CUBLAS_COMPUTE_32I;
  if (!f32 && !half && !int8) return CUBLAS_STATUS_NOT_SUPPORTED;
  if (int8 && (lda % 4 || ldb % 4)) return CUBLAS_STATUS_INVALID_VALUE;
  if (cuda_double::fault("crash")) std::raise(SIGSEGV);
  // alpha and beta have the compute type's scalar type: int32 for COMPUTE_32I, float otherwise.
  const double al = int8 ? *static_cast<const int32_t*>(alpha) : *static_cast<const float*>(alpha);
  const double be = int8 ? *static_cast<const int32_t*>(beta) : *static_cast<const float*>(beta);
  cuda_double::gemm(m, n, k, al, {at, A, lda, ta != CUBLAS_OP_N}, {bt, B, ldb, tb != CUBLAS_OP_N}, be, ct, C, ldc, C,
                    ldc, compute == CUBLAS_COMPUTE_32F_FAST_TF32);
  return CUBLAS_STATUS_SUCCESS;
}

}  // extern "C"
