// opencl:clblast — GEMM through CLBlast on an OpenCL device (the board's Mali; PoCL's CPU device here).
#pragma once
#include <memory>

#include "mmbench/backend.hpp"

namespace mmbench {

std::unique_ptr<Backend> make_clblast_backend();

}  // namespace mmbench
