// rknpu:matmul — rknn_matmul_* on the RK3588's NPU. The library is dlopen'ed (MMBENCH_RKNN_LIB or `run --rknn-lib`,
// default "librknnrt.so"); its version is read from the "librknnrt version: X.Y.Z" string the runtime carries (or
// MMBENCH_RKNN_VERSION), and decides the rknn_matmul_info layout (1.5.x, 1.6.0, 2.0, 2.1+). Shapes are checked
// against the RK3588 rules before any call. Types: f16 = FP16xFP16->FP32 (type 1), i8 = INT8xINT8->INT32 (type 2);
// layouts: rknpu:matmul NORM (row-major) for A, B and C; rknpu:matmul-native NATIVE for all three (A and C converted
// here, B by the runtime's rknn_B_normal_layout_to_native_layout). Phases: create, b_upload, a_copy (in prepare), run (the samples),
// c_copy (read_result); mode e2e puts the A copy and C copy-out inside every call. Core mask from
// MMBENCH_RKNN_CORE_MASK; a refused mask is a note on the record. Without the library or the device, probe() says
// which. Tested here only against the runtime double under tests/doubles (there is no board).
#include "backends/rknpu/rknpu_backend.hpp"

#include <chrono>
#include <cstring>
#include <dlfcn.h>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <vector>

#include "backends/rknpu/native_layout.hpp"
#include "backends/rknpu/rknn_abi.hpp"
#include "mmbench/error.hpp"

namespace mmbench {

namespace rknn {
const char* error_name(int code) {
  switch (code) {
    case 0: return "RKNN_SUCC";
    case -1: return "RKNN_ERR_FAIL";
    case -2: return "RKNN_ERR_TIMEOUT";
    case -3: return "RKNN_ERR_DEVICE_UNAVAILABLE";
    case -4: return "RKNN_ERR_MALLOC_FAIL";
    case -5: return "RKNN_ERR_PARAM_INVALID";
    case -6: return "RKNN_ERR_MODEL_INVALID";
    case -7: return "RKNN_ERR_CTX_INVALID";
    case -8: return "RKNN_ERR_INPUT_INVALID";
    case -9: return "RKNN_ERR_OUTPUT_INVALID";
    case -10: return "RKNN_ERR_DEVICE_UNMATCH";
    default: return "RKNN_ERR_INCOMPATIBLE (or unknown)";
  }
}
}  // namespace rknn

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Version {
  int major = 0, minor = 0, patch = 0;
  std::string text;
  bool at_least(int a, int b) const { return major > a || (major == a && minor >= b); }
};

struct Runtime {
  void* lib = nullptr;
  std::string path;
  Version version;
  rknn::MatmulCreateFn create = nullptr;
  rknn::MatmulSetIoMemFn set_io_mem = nullptr;
  rknn::MatmulSetCoreMaskFn set_core_mask = nullptr;
  rknn::MatmulRunFn run = nullptr;
  rknn::MatmulDestroyFn destroy = nullptr;
  rknn::CreateMemFn create_mem = nullptr;
  rknn::DestroyMemFn destroy_mem = nullptr;
  rknn::BToNativeFn b_to_native = nullptr;  // optional (NATIVE layout only)
};

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

const Runtime* load_runtime(std::string& why) {
  static Runtime rt;
  static std::string error;
  static bool done = false;
  if (done) {
    why = error;
    return error.empty() ? &rt : nullptr;
  }
  done = true;
  const char* env = std::getenv("MMBENCH_RKNN_LIB");
  const std::string name = env && *env ? env : "librknnrt.so";
  rt.lib = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!rt.lib) {
    error = name + " not found (the Rockchip NPU runtime; set MMBENCH_RKNN_LIB or --rknn-lib to its path)";
  } else {
    auto bind = [&](auto& fn, const char* sym) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(rt.lib, sym));
      if (!fn && error.empty()) error = fmt::format("{} has no {} (not an NPU runtime with the matmul API)", name, sym);
    };
    bind(rt.create, "rknn_matmul_create");
    bind(rt.set_io_mem, "rknn_matmul_set_io_mem");
    bind(rt.set_core_mask, "rknn_matmul_set_core_mask");
    bind(rt.run, "rknn_matmul_run");
    bind(rt.destroy, "rknn_matmul_destroy");
    bind(rt.create_mem, "rknn_create_mem");
    bind(rt.destroy_mem, "rknn_destroy_mem");
    rt.b_to_native = reinterpret_cast<rknn::BToNativeFn>(dlsym(rt.lib, "rknn_B_normal_layout_to_native_layout"));
    Dl_info info{};
    if (error.empty() && dladdr(reinterpret_cast<void*>(rt.create), &info) && info.dli_fname) rt.path = info.dli_fname;
    if (const char* v = std::getenv("MMBENCH_RKNN_VERSION"); v && *v) {
      std::sscanf(v, "%d.%d.%d", &rt.version.major, &rt.version.minor, &rt.version.patch);
      rt.version.text = std::string(v) + " (from MMBENCH_RKNN_VERSION)";
    } else if (auto found = version_in_file(rt.path)) {
      rt.version = *found;
    } else if (error.empty()) {
      error = fmt::format("cannot tell the version of {} (no \"librknnrt version:\" string); set MMBENCH_RKNN_VERSION "
                          "to choose the rknn_matmul_info layout",
                          rt.path.empty() ? name : rt.path);
    }
    if (error.empty() && !rt.version.at_least(1, 5))
      error = fmt::format("runtime {} predates the matmul API (1.5.0)", rt.version.text);
  }
  why = error;
  return error.empty() ? &rt : nullptr;
}

std::string read_line(const char* path) {
  std::ifstream f(path);
  std::string s;
  std::getline(f, s);
  return s;
}

class RknpuMatmul final : public Backend {
 public:
  // layout: NORM (row-major A, B, C) or NATIVE (A and C converted by us, B by the runtime's reorder helper).
  explicit RknpuMatmul(int32_t layout) : layout_(layout) {}
  ~RknpuMatmul() override { release(); }

  BackendInfo info() const override {
    BackendInfo i{layout_ == rknn::kLayoutNative ? "rknpu:matmul-native" : "rknpu:matmul",
                  "Rockchip RKNN runtime (matmul API)", "not loaded", "Rockchip NPU", "",
                  {DType::f16, DType::i8}, true, {}, {"hot", "e2e"}};
    if (rt_) {
      i.version = fmt::format("{} (matmul_info layout {}, {} A/B/C)", rt_->version.text, layout_name(),
                              layout_ == rknn::kLayoutNative ? "NATIVE" : "NORM");
      i.path = rt_->path;
      std::string dev = "RK3588 NPU";
      if (auto d = read_line("/sys/kernel/debug/rknpu/version"); !d.empty()) dev += ", driver " + d;
      if (auto f = read_line("/sys/class/devfreq/fdab0000.npu/cur_freq"); !f.empty()) dev += ", NPU " + f + " Hz";
      if (auto f = read_line("/sys/class/devfreq/dmc/cur_freq"); !f.empty()) dev += ", DDR " + f + " Hz";
      i.device = dev;
      if (rt_->version.text.find("test double") != std::string::npos)  // never pass the double's numbers as an NPU's
        i.device = "no NPU: the runtime test double (CPU arithmetic, tests only)";
    }
    return i;
  }

  std::optional<std::string> probe() override {
    std::string why;
    rt_ = load_runtime(why);
    if (!rt_) return why;
    // Is there a device? A tiny context answers it (RKNN_ERR_DEVICE_UNAVAILABLE without the vendor driver).
    rknn::MatmulIoAttr io{};
    rknn::Context ctx = 0;
    std::vector<unsigned char> info = make_info({1, 32, 32, DType::f16});
    const int rc = rt_->create(&ctx, info.data(), &io);
    if (rc != 0) return fmt::format("no usable NPU: rknn_matmul_create returned {} ({})", rknn::error_name(rc), rc);
    rt_->destroy(ctx);
    return std::nullopt;
  }

  std::optional<std::string> unsupported_reason(const Problem& p) const override {
    if (p.dtype != DType::f16 && p.dtype != DType::i8)
      return fmt::format("rknpu:matmul measures f16 (FP16xFP16->FP32) and i8 (INT8xINT8->INT32), not {}",
                         to_string(p.dtype));
    // RK3588 rules (rknn-abi.md): K and N alignment per type, K limit per version.
    const int64_t k_align = 32, n_align = p.dtype == DType::i8 ? 32 : 16;
    const int64_t k_max = rt_ && !rt_->version.at_least(1, 6) ? 4096 : 10240;
    if (p.k % k_align) return fmt::format("K = {} is not a multiple of {} (RK3588 {} rule)", p.k, k_align, to_string(p.dtype));
    if (p.n % n_align) return fmt::format("N = {} is not a multiple of {} (RK3588 {} rule)", p.n, n_align, to_string(p.dtype));
    if (p.k > k_max) return fmt::format("K = {} exceeds this runtime's limit of {}", p.k, k_max);
    if (p.m > 0x7fffffff || p.n > 0x7fffffff) return std::string("dimension beyond int32");
    if (layout_ == rknn::kLayoutNative && rt_ && !rt_->b_to_native)
      return std::string("this runtime has no rknn_B_normal_layout_to_native_layout (B reorder helper)");
    return std::nullopt;
  }

  void set_mode(const std::string& mode) override { e2e_ = mode == "e2e"; }

  void prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) override {
    release();
    if (!rt_ && probe()) throw Error("NPU runtime not available");
    p_ = p;
    host_a_ = &a;
    host_c_ = &c;
    notes_.clear();
    phases_.clear();
    auto t = Clock::now();
    std::vector<unsigned char> info = make_info(p);
    io_ = rknn::MatmulIoAttr{};
    check(rt_->create(&ctx_, info.data(), &io_), "rknn_matmul_create");
    phases_["create"] = since(t);
    if (const char* mask = std::getenv("MMBENCH_RKNN_CORE_MASK"); mask && *mask) {
      const int m = static_cast<int>(std::strtol(mask, nullptr, 0));
      if (const int rc = rt_->set_core_mask(ctx_, m); rc != 0)
        notes_.push_back(fmt::format("core mask {:#x} refused ({}): ran with the runtime's default", m,
                                     rknn::error_name(rc)));
    }
    a_mem_ = alloc(io_.A.size, "A");
    b_mem_ = alloc(io_.B.size, "B");
    c_mem_ = alloc(io_.C.size, "C");
    t = Clock::now();
    if (layout_ == rknn::kLayoutNative) {  // the library's own reorder of B
      if (io_.B.size < b.size_bytes()) throw Error("the runtime sized B smaller than K x N");
      check(rt_->b_to_native(const_cast<void*>(b.data()), b_mem_->virt_addr, static_cast<int>(p.k),
                             static_cast<int>(p.n), info.data()),
            "rknn_B_normal_layout_to_native_layout");
    } else {
      copy_in(b_mem_, b, io_.B.size, "B");
    }
    check(rt_->set_io_mem(ctx_, b_mem_, &io_.B), "rknn_matmul_set_io_mem(B)");
    phases_["b_upload"] = since(t);
    t = Clock::now();
    put_a();
    check(rt_->set_io_mem(ctx_, a_mem_, &io_.A), "rknn_matmul_set_io_mem(A)");
    check(rt_->set_io_mem(ctx_, c_mem_, &io_.C), "rknn_matmul_set_io_mem(C)");
    phases_["a_copy"] = since(t);
  }

  void run() override {
    if (e2e_) put_a();
    check(rt_->run(ctx_), "rknn_matmul_run");
    if (e2e_) copy_out();
  }

  void read_result() override {
    const auto t = Clock::now();
    copy_out();
    phases_["c_copy"] = since(t);
  }

  std::map<std::string, double> own_phases() const override { return phases_; }
  std::vector<std::string> notes() const override { return notes_; }

  void release() override {
    if (!rt_) return;
    for (rknn::TensorMem** m : {&a_mem_, &b_mem_, &c_mem_})
      if (*m) rt_->destroy_mem(ctx_, *m), *m = nullptr;
    if (ctx_) rt_->destroy(ctx_), ctx_ = 0;
  }

 private:
  const char* layout_name() const {
    const Version& v = rt_->version;
    return v.at_least(2, 1) ? "2.1+" : v.at_least(2, 0) ? "2.0" : v.at_least(1, 6) ? "1.6" : "1.5";
  }

  // The rknn_matmul_info of this runtime's version, zeroed whole, NORM layouts.
  std::vector<unsigned char> make_info(const Problem& p) const {
    const int32_t m = static_cast<int32_t>(p.m), k = static_cast<int32_t>(p.k), n = static_cast<int32_t>(p.n);
    const int32_t matmul_type = p.dtype == DType::i8 ? rknn::kInt8xInt8ToInt32 : rknn::kFp16xFp16ToFp32;
    const Version& v = rt_->version;
    if (v.at_least(2, 1)) {
      rknn::MatmulInfoV21 i{};
      i.M = m, i.K = k, i.N = n, i.type = matmul_type, i.B_layout = i.AC_layout = layout_;
      return bytes(i);
    }
    if (v.at_least(2, 0)) {
      rknn::MatmulInfoV20 i{};
      i.M = m, i.K = k, i.N = n, i.type = matmul_type, i.B_layout = i.AC_layout = layout_;
      return bytes(i);
    }
    if (v.at_least(1, 6)) {
      rknn::MatmulInfoV16 i{};
      i.M = m, i.K = k, i.N = n, i.type = matmul_type, i.B_layout = i.AC_layout = layout_;
      return bytes(i);
    }
    rknn::MatmulInfoV15 i{};  // 1.5.x: a tensor type (FP16 = 1, INT8 = 2 coincide with the matmul types)
    i.M = m, i.K = k, i.N = n, i.type = p.dtype == DType::i8 ? rknn::kTensorInt8 : rknn::kTensorFloat16;
    i.native_layout = i.perf_layout = layout_ == rknn::kLayoutNative;  // B native; A and C native
    return bytes(i);
  }
  template <class T>
  static std::vector<unsigned char> bytes(const T& v) {
    std::vector<unsigned char> out(sizeof(T));
    std::memcpy(out.data(), &v, sizeof(T));
    return out;
  }

  void check(int rc, const char* what) const {
    if (rc != 0) throw Error(fmt::format("{} returned {} ({})", what, rknn::error_name(rc), rc));
  }
  rknn::TensorMem* alloc(uint32_t size, const char* what) {
    rknn::TensorMem* m = rt_->create_mem(ctx_, size);
    if (!m || !m->virt_addr) throw Error(fmt::format("rknn_create_mem({} bytes) for {} failed", size, what));
    return m;
  }
  static void copy_in(rknn::TensorMem* m, const HostMatrix& h, uint32_t attr_size, const char* what) {
    if (attr_size < h.size_bytes())
      throw Error(fmt::format("the runtime sized {} at {} bytes, the NORM layout needs {}", what, attr_size, h.size_bytes()));
    std::memcpy(m->virt_addr, h.data(), h.size_bytes());
  }
  void put_a() {
    if (io_.A.size < host_a_->size_bytes()) throw Error("the runtime sized A smaller than M x K");
    if (layout_ == rknn::kLayoutNative)
      rknn::a_to_native(host_a_->data(), a_mem_->virt_addr, p_.m, p_.k, p_.dtype == DType::i8 ? 1 : 2);
    else
      std::memcpy(a_mem_->virt_addr, host_a_->data(), host_a_->size_bytes());
  }
  void copy_out() {
    const size_t count = static_cast<size_t>(p_.m * p_.n);
    const void* c = c_mem_->virt_addr;
    if (layout_ == rknn::kLayoutNative) {  // (N/4, M, 4) -> row-major, then widen as below
      c_norm_.resize(count * 4);
      rknn::c_from_native(c, c_norm_.data(), p_.m, p_.n);
      c = c_norm_.data();
    }
    if (p_.dtype == DType::i8) {  // int32 C; the host keeps doubles
      const auto* v = static_cast<const int32_t*>(c);
      for (size_t i = 0; i < count; ++i) host_c_->as<double>()[i] = v[i];
    } else {  // fp32 C
      std::memcpy(host_c_->data(), c, count * sizeof(float));
    }
  }

  const Runtime* rt_ = nullptr;
  int32_t layout_ = rknn::kLayoutNorm;
  std::vector<unsigned char> c_norm_;
  bool e2e_ = false;
  Problem p_;
  const HostMatrix* host_a_ = nullptr;
  HostMatrix* host_c_ = nullptr;
  rknn::Context ctx_ = 0;
  rknn::MatmulIoAttr io_{};
  rknn::TensorMem *a_mem_ = nullptr, *b_mem_ = nullptr, *c_mem_ = nullptr;
  std::map<std::string, double> phases_;
  std::vector<std::string> notes_;
};

}  // namespace

std::unique_ptr<Backend> make_rknpu_matmul_backend() { return std::make_unique<RknpuMatmul>(rknn::kLayoutNorm); }
std::unique_ptr<Backend> make_rknpu_matmul_native_backend() {
  return std::make_unique<RknpuMatmul>(rknn::kLayoutNative);
}

}  // namespace mmbench
