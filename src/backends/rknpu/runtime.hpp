// The Rockchip runtime as loaded: librknnrt.so dlopen'ed once per process (MMBENCH_RKNN_LIB or "librknnrt.so"),
// its version read from the "librknnrt version:" string it carries (or MMBENCH_RKNN_VERSION), and the entry points
// of the matmul and model APIs bound when present (each backend says which it needs). Also the board's files.
#pragma once
#include <chrono>
#include <optional>
#include <string>

#include "backends/rknpu/rknn_abi.hpp"
#include "mmbench/backend.hpp"
#include "mmbench/device.hpp"

namespace mmbench::rknn {

// Seconds since t on the steady clock: the phases both NPU backends report.
inline double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

struct Version {
  int major = 0, minor = 0, patch = 0;
  std::string text;
  bool at_least(int a, int b) const { return major > a || (major == a && minor >= b); }
};

struct Runtime {
  void* lib = nullptr;
  std::string path;
  Version version;
  // matmul API
  MatmulCreateFn create = nullptr;
  MatmulSetIoMemFn set_io_mem = nullptr;
  MatmulSetCoreMaskFn set_core_mask = nullptr;
  MatmulRunFn run = nullptr;
  MatmulDestroyFn destroy = nullptr;
  CreateMemFn create_mem = nullptr;
  DestroyMemFn destroy_mem = nullptr;
  BToNativeFn b_to_native = nullptr;  // optional (NATIVE B only)
  // model API
  InitFn init = nullptr;
  DestroyFn model_destroy = nullptr;
  QueryFn query = nullptr;
  InputsSetFn inputs_set = nullptr;
  RunFn model_run = nullptr;
  OutputsGetFn outputs_get = nullptr;
  OutputsReleaseFn outputs_release = nullptr;
  SetCoreMaskFn model_set_core_mask = nullptr;  // optional (multi-core NPUs)

  std::optional<std::string> missing_matmul_api() const;  // "... has no rknn_matmul_create (...)"
  std::optional<std::string> missing_model_api() const;
};

// The runtime in `lib` (empty: the loader's search for librknnrt.so), or nullptr with `why` set (library not
// found, version unknown, too old). `version_override` ("2.1.0") replaces the version read from the file.
const Runtime* load_runtime(const std::string& lib, const std::string& version_override, Unusable& why);

// Where the board's sysfs/debugfs files are: "/" on a board; MMBENCH_RKNPU_SYSFS_ROOT moves it (containers, tests).
std::string sys_path(const std::string& path);
std::string read_line(const char* path);  // first line of a file, "" when unreadable

// The board's state as the point ends, each reading present when its file is readable: the NPU driver's version
// (driver_version), NPU and DDR clocks (npu_freq, ddr_freq in Hz) and the CPU governors (cpu_governors:
// "performance x4, schedutil x4"; the host side of every NPU call).
DeviceState board_state();

// Never pass the runtime test double's numbers as an NPU's: its device says what it is.
DeviceIdentity npu_identity(const Version& runtime);

// Error codes: names, not numbers, in every message.
const char* error_name(int code);

}  // namespace mmbench::rknn
