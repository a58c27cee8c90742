// rknpu:matmul* — the Rockchip NPU through its matmul API, librknnrt.so loaded at run time (see rknn_abi.hpp).
// One backend per layout combination, each also with @coreX variants that pin the NPU core mask.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "mmbench/backend.hpp"

namespace mmbench {

struct RknpuVariant {
  std::string name;   // rknpu:matmul[-native|-bnative|-btrans][@core0|@core1|@core2|@core01|@core012]
  bool core_variant;  // chosen by exact name only (not by "-b rknpu" nor by default)
  std::function<std::unique_ptr<Backend>()> make;
};
std::vector<RknpuVariant> rknpu_matmul_variants();

// rknpu:model — .rknn files (one per shape) through the model API; defined in rknpu_model_backend.cpp.
std::unique_ptr<Backend> make_rknpu_model_backend();

}  // namespace mmbench
