// Factory of the Eigen 3 backend (header-only GEMM, multi-threaded through OpenMP when built with it).
#pragma once
#include <memory>

#include "mmbench/backend.hpp"

namespace mmbench {
std::unique_ptr<Backend> make_eigen_backend();
}
