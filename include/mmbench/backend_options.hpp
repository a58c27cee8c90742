// Choices a backend depends on beyond the point itself: which vendor library file, which model folder, which
// OpenCL device. They are part of the plan: the store keeps them, every worker receives them, and --resume
// measures with the same ones, so a point never silently moves to another library or device.
#pragma once
#include <string>

namespace mmbench {

struct BackendOptions {
  std::string rknn_lib;        // librknnrt.so for rknpu:*; empty: the loader's own search
  std::string rknn_models;     // folder of .rknn files for rknpu:model
  std::string rknn_version;    // overrides the runtime version read from the library ("2.1.0"): picks the ABI layout
  std::string rknn_core_mask;  // NPU core mask for the unpinned rknpu backends ("0x7"); empty: the runtime's choice
  std::string cl_platform;     // OpenCL platform for opencl:*: index or name substring; empty: 0
  std::string cl_device;       // OpenCL device within that platform; empty: 0
  bool operator==(const BackendOptions&) const = default;
};

// Fills the options the user did not give from their environment variables (MMBENCH_RKNN_LIB, MMBENCH_RKNN_MODELS,
// MMBENCH_RKNN_VERSION, MMBENCH_RKNN_CORE_MASK, MMBENCH_OPENCL_PLATFORM, MMBENCH_OPENCL_DEVICE). Called once when a
// plan is made: from then on the plan, not the environment, carries them.
BackendOptions with_environment_defaults(BackendOptions o);

}  // namespace mmbench
