// cuda:cublas — cuBLAS GEMM on an NVIDIA GPU (fp32, tf32, fp16, bf16, int8→int32), timed with CUDA events.
#pragma once
#include <memory>

#include "mmbench/backend.hpp"

namespace mmbench {

std::unique_ptr<Backend> make_cublas_backend();

}  // namespace mmbench
