// rknpu:matmul — the Rockchip NPU through its matmul API, librknnrt.so loaded at run time (see rknn_abi.hpp).
#pragma once
#include <memory>

#include "mmbench/backend.hpp"

namespace mmbench {

std::unique_ptr<Backend> make_rknpu_matmul_backend();         // NORM layouts
std::unique_ptr<Backend> make_rknpu_matmul_native_backend();  // NATIVE layouts

}  // namespace mmbench
