// Loading librknnrt.so and reading its version; the board's files; error names.
#include "backends/rknpu/runtime.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <sstream>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

namespace mmbench::rknn {

const char* error_name(int code) {
  switch (code) {
    case 0:
      return "RKNN_SUCC";
    case -1:
      return "RKNN_ERR_FAIL";
    case -2:
      return "RKNN_ERR_TIMEOUT";
    case -3:
      return "RKNN_ERR_DEVICE_UNAVAILABLE";
    case -4:
      return "RKNN_ERR_MALLOC_FAIL";
    case -5:
      return "RKNN_ERR_PARAM_INVALID";
    case -6:
      return "RKNN_ERR_MODEL_INVALID";
    case -7:
      return "RKNN_ERR_CTX_INVALID";
    case -8:
      return "RKNN_ERR_INPUT_INVALID";
    case -9:
      return "RKNN_ERR_OUTPUT_INVALID";
    case -10:
      return "RKNN_ERR_DEVICE_UNMATCH";
    default:
      return "RKNN_ERR_INCOMPATIBLE (or unknown)";
  }
}

namespace {

// "librknnrt version: 2.1.0 (...)" inside the library file, as the runtime prints it at start.
std::optional<Version> version_in_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string bytes = ss.str(), tag = "librknnrt version: ";
  const size_t at = bytes.find(tag);
  if (at == std::string::npos) return std::nullopt;
  Version v;
  if (std::sscanf(bytes.c_str() + at + tag.size(), "%d.%d.%d", &v.major, &v.minor, &v.patch) < 2) return std::nullopt;
  const size_t end = bytes.find('\0', at);
  v.text = bytes.substr(at + tag.size(), std::min<size_t>(end - at - tag.size(), 80));
  return v;
}

}  // namespace

const Runtime* load_runtime(const std::string& lib, const std::string& version_override, Unusable& why) {
  // One load per library file per process (a worker makes one backend; `list` makes several).
  struct Loaded {
    Runtime rt;
    Unusable error;
  };
  static std::map<std::pair<std::string, std::string>, Loaded> loaded;
  const auto [it, fresh] = loaded.try_emplace({lib, version_override});
  Runtime& rt = it->second.rt;
  Unusable& error = it->second.error;
  if (!fresh) {
    why = error;
    return error.text.empty() ? &rt : nullptr;
  }
  const std::string name = lib.empty() ? "librknnrt.so" : lib;
  rt.lib = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!rt.lib) {
    // A path that exists but does not load (a wrong file, another architecture) is not "not found": say dlopen's why.
    const char* why_not = dlerror();
    if (name.find('/') != std::string::npos && std::filesystem::exists(name))
      error = {ProbeCode::library_missing,
               "cannot load " + name + " as the Rockchip NPU runtime: " + (why_not ? why_not : "dlopen failed")};
    else
      error = {ProbeCode::library_missing,
               name + " not found (the Rockchip NPU runtime; set MMBENCH_RKNN_LIB or --rknn-lib to its path)"};
  } else {
    auto bind = [&](auto& fn, const char* sym) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(rt.lib, sym));
    };
    bind(rt.create, "rknn_matmul_create");
    bind(rt.set_io_mem, "rknn_matmul_set_io_mem");
    bind(rt.set_core_mask, "rknn_matmul_set_core_mask");
    bind(rt.run, "rknn_matmul_run");
    bind(rt.destroy, "rknn_matmul_destroy");
    bind(rt.create_mem, "rknn_create_mem");
    bind(rt.destroy_mem, "rknn_destroy_mem");
    bind(rt.b_to_native, "rknn_B_normal_layout_to_native_layout");
    bind(rt.init, "rknn_init");
    bind(rt.model_destroy, "rknn_destroy");
    bind(rt.query, "rknn_query");
    bind(rt.inputs_set, "rknn_inputs_set");
    bind(rt.model_run, "rknn_run");
    bind(rt.outputs_get, "rknn_outputs_get");
    bind(rt.outputs_release, "rknn_outputs_release");
    bind(rt.model_set_core_mask, "rknn_set_core_mask");
    // The file the loader chose: any symbol we found tells it.
    void* any = rt.create ? reinterpret_cast<void*>(rt.create) : reinterpret_cast<void*>(rt.init);
    Dl_info info{};
    if (!any)
      error = {ProbeCode::other,
               fmt::format("{} has neither rknn_matmul_create nor rknn_init (not an NPU runtime)", name)};
    else if (dladdr(any, &info) && info.dli_fname)
      rt.path = info.dli_fname;
    if (!version_override.empty()) {
      std::sscanf(version_override.c_str(), "%d.%d.%d", &rt.version.major, &rt.version.minor, &rt.version.patch);
      rt.version.text = version_override + " (from MMBENCH_RKNN_VERSION)";
    } else if (auto found = version_in_file(rt.path)) {
      rt.version = *found;
    } else if (error.text.empty()) {
      error = {ProbeCode::other, fmt::format("cannot tell the version of {} (no \"librknnrt version:\" string); set "
                                             "MMBENCH_RKNN_VERSION to choose the rknn_matmul_info layout",
                                             rt.path.empty() ? name : rt.path)};
    }
    if (error.text.empty() && !rt.version.at_least(1, 5))
      error = {ProbeCode::too_old, fmt::format("runtime {} predates the matmul API (1.5.0)", rt.version.text)};
  }
  why = error;
  return error.text.empty() ? &rt : nullptr;
}

std::string read_line(const char* path) {
  std::ifstream f(path);
  std::string s;
  std::getline(f, s);
  return s;
}

namespace {
using Entry = std::pair<const void*, const char*>;
template <class Fn>
Entry entry(Fn fn, const char* name) {
  return {reinterpret_cast<const void*>(fn), name};
}

std::optional<std::string> first_missing(const std::string& path, const char* api, std::initializer_list<Entry> fns) {
  for (auto [fn, sym] : fns)
    if (!fn) return fmt::format("{} has no {} (not an NPU runtime with the {} API)", path, sym, api);
  return std::nullopt;
}
}  // namespace

std::optional<std::string> Runtime::missing_matmul_api() const {
  return first_missing(path, "matmul",
                       {entry(create, "rknn_matmul_create"), entry(set_io_mem, "rknn_matmul_set_io_mem"),
                        entry(set_core_mask, "rknn_matmul_set_core_mask"), entry(run, "rknn_matmul_run"),
                        entry(destroy, "rknn_matmul_destroy"), entry(create_mem, "rknn_create_mem"),
                        entry(destroy_mem, "rknn_destroy_mem")});
}

std::optional<std::string> Runtime::missing_model_api() const {
  return first_missing(path, "model",
                       {entry(init, "rknn_init"), entry(model_destroy, "rknn_destroy"), entry(query, "rknn_query"),
                        entry(inputs_set, "rknn_inputs_set"), entry(model_run, "rknn_run"),
                        entry(outputs_get, "rknn_outputs_get"), entry(outputs_release, "rknn_outputs_release")});
}

// Where the board's sysfs/debugfs files are: "/" on a board; MMBENCH_RKNPU_SYSFS_ROOT moves it (containers, tests).
std::string sys_path(const std::string& path) {
  const char* root = std::getenv("MMBENCH_RKNPU_SYSFS_ROOT");
  return (root && *root ? std::string(root) : std::string()) + path;
}

DeviceState board_state() {
  DeviceState s;
  if (auto d = read_line(sys_path("/sys/kernel/debug/rknpu/version").c_str()); !d.empty())
    s["driver_version"] = reading_text(d);
  const auto hz = [&s](const char* name, const char* path) {
    const std::string f = read_line(sys_path(path).c_str());
    char* end = nullptr;
    const double v = std::strtod(f.c_str(), &end);
    if (!f.empty() && end != f.c_str()) s[name] = reading(v, "Hz");
  };
  hz("npu_freq", "/sys/class/devfreq/fdab0000.npu/cur_freq");
  hz("ddr_freq", "/sys/class/devfreq/dmc/cur_freq");
  std::map<std::string, int> count;  // governor -> CPUs
  for (int cpu = 0; cpu < 64; ++cpu) {
    const std::string g =
        read_line(sys_path(fmt::format("/sys/devices/system/cpu/cpu{}/cpufreq/scaling_governor", cpu)).c_str());
    if (!g.empty()) ++count[g];
  }
  std::string governors;
  for (const auto& [g, n] : count) governors += fmt::format("{}{} x{}", governors.empty() ? "" : ", ", g, n);
  if (!governors.empty()) s["cpu_governors"] = reading_text(governors);
  return s;
}

DeviceIdentity npu_identity(const Version& runtime) {
  const bool test_double = runtime.text.find("test double") != std::string::npos;
  return {.kind = DeviceKind::npu,
          .vendor = "Rockchip",
          .name = test_double ? "no NPU: the runtime test double (CPU arithmetic, tests only)" : "RK3588 NPU"};
}

}  // namespace mmbench::rknn
