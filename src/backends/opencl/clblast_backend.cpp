// opencl:clblast — CLBlast's GEMM (row-major, no transposes) on one OpenCL device, chosen by
// MMBENCH_OPENCL_PLATFORM / MMBENCH_OPENCL_DEVICE (an index or a name substring; `mmbench run --cl-platform/
// --cl-device` set them). The queue has profiling on: each run() keeps a marker before it and its last event, and
// take_device_seconds() sums END(last) − START(marker), so device time is recorded beside the host clock. Upload
// happens in prepare() and download in read_result(), timed by the runner as phases; the first call (CLBlast compiles
// its kernels, ≈ 9 s with a cold PoCL cache) is reported apart and never sampled. Mode e2e: each call also writes A and
// B and reads C back (non-blocking, ordered by the in-order queue; its device time spans all of it).
#include "backends/opencl/clblast_backend.hpp"

#define CL_TARGET_OPENCL_VERSION 120
#include <clblast.h>
#include <clblast_half.h>

#include <cstdlib>
#include <vector>

#include <CL/cl.h>
#include <fmt/format.h>

#include "mmbench/error.hpp"
#include "mmbench/half.hpp"
#include "mmbench/record.hpp"

namespace mmbench {
namespace {

// An OpenCL string property (clGetPlatformInfo / clGetDeviceInfo share the size-then-fill protocol).
template <class Get, class Id, class What>
std::string cl_string(Get get, Id id, What what) {
  size_t n = 0;
  get(id, what, 0, nullptr, &n);
  std::string s(n, '\0');
  get(id, what, n, s.data(), nullptr);
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}
std::string platform_info(cl_platform_id p, cl_platform_info what) {
  return cl_string(clGetPlatformInfo, p, what);
}
std::string device_info(cl_device_id d, cl_device_info what) {
  return cl_string(clGetDeviceInfo, d, what);
}

void check_cl(cl_int rc, const char* what) {
  if (rc != CL_SUCCESS) throw Error(fmt::format("OpenCL {} failed (error {})", what, rc));
}

// True when `sel` (empty, an index, or a name substring) picks candidate number i named `name`.
bool selects(const char* sel, size_t i, const std::string& name) {
  if (!sel || !*sel) return i == 0;
  char* end = nullptr;
  const long idx = std::strtol(sel, &end, 10);
  if (end && *end == '\0') return idx >= 0 && static_cast<size_t>(idx) == i;
  return name.find(sel) != std::string::npos;
}

struct Found {
  cl_platform_id platform = nullptr;
  cl_device_id device = nullptr;
  std::string platform_vendor, device_name, device_version, extensions;
  size_t platform_index = 0, device_index = 0;
  bool cpu = false;              // a CPU device (PoCL's): the API is emulated on the host
  std::vector<std::string> all;  // "platform 0 'Portable Computing Language', device 0 '...'" for `list`
};

std::optional<Found> find_device(const BackendOptions& opt, Unusable& why) {
  cl_uint np = 0;
  if (clGetPlatformIDs(0, nullptr, &np) != CL_SUCCESS || np == 0) {
    why = {ProbeCode::no_device,
           "no OpenCL platform found (install an ICD: a GPU driver, or pocl-opencl-icd for the CPU)"};
    return std::nullopt;
  }
  std::vector<cl_platform_id> plats(np);
  clGetPlatformIDs(np, plats.data(), nullptr);
  const char* psel = opt.cl_platform.empty() ? nullptr : opt.cl_platform.c_str();
  const char* dsel = opt.cl_device.empty() ? nullptr : opt.cl_device.c_str();
  Found f;
  size_t dev_index = 0;
  bool platform_matched = false;
  for (size_t i = 0; i < plats.size(); ++i) {
    const std::string pname = platform_info(plats[i], CL_PLATFORM_NAME);
    cl_uint nd = 0;
    if (clGetDeviceIDs(plats[i], CL_DEVICE_TYPE_ALL, 0, nullptr, &nd) != CL_SUCCESS) nd = 0;
    std::vector<cl_device_id> devs(nd);
    if (nd) clGetDeviceIDs(plats[i], CL_DEVICE_TYPE_ALL, nd, devs.data(), nullptr);
    const bool this_platform = selects(psel, i, pname);
    platform_matched = platform_matched || this_platform;
    for (size_t j = 0; j < devs.size(); ++j) {
      const std::string dname = device_info(devs[j], CL_DEVICE_NAME);
      f.all.push_back(fmt::format("platform {} '{}', device {} '{}'", i, pname, j, dname));
      if (this_platform && !f.device && selects(dsel, dev_index, dname)) {
        f.platform = plats[i], f.device = devs[j], f.device_name = dname;
        f.platform_vendor = platform_info(plats[i], CL_PLATFORM_VENDOR);
        f.platform_index = i, f.device_index = j;
        f.device_version = device_info(devs[j], CL_DEVICE_VERSION);
        f.extensions = device_info(devs[j], CL_DEVICE_EXTENSIONS);
        cl_device_type type = 0;
        clGetDeviceInfo(devs[j], CL_DEVICE_TYPE, sizeof type, &type, nullptr);
        f.cpu = (type & CL_DEVICE_TYPE_CPU) != 0;
      }
      if (this_platform) ++dev_index;
    }
  }
  if (!f.device) {
    why = {ProbeCode::no_matching_device,
           !platform_matched ? fmt::format("no OpenCL platform matches --cl-platform '{}'", psel ? psel : "")
                             : fmt::format("no OpenCL device matches --cl-device '{}'", dsel ? dsel : "")};
    if (f.all.empty()) why = {ProbeCode::no_device, "OpenCL platforms found, but no device"};
    return std::nullopt;
  }
  return f;
}

class ClblastBackend final : public Backend {
 public:
  ClblastBackend()
      : Backend({.name = "opencl:clblast",
                 .library = "CLBlast",
                 .dtypes = {DType::f32, DType::f16, DType::f64},
                 .modes = {Mode::hot, Mode::e2e}}) {}
  ~ClblastBackend() override { release_all(); }

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    found.version = fmt::format("{}.{}.{}", CLBLAST_VERSION_MAJOR, CLBLAST_VERSION_MINOR, CLBLAST_VERSION_PATCH);
    found.device.kind = DeviceKind::gpu;  // until the device found says otherwise
    Unusable why;
    found_ = find_device(options(), why);
    if (!found_) return why;
    // A CPU device (PoCL's) serves the OpenCL API on the host: its numbers are the emulator's, not a GPU's.
    found.device = {.kind = found_->cpu ? DeviceKind::emulated : DeviceKind::gpu,
                    .vendor = found_->platform_vendor,
                    .name = found_->device_name,
                    .id = fmt::format("platform {}, device {}", found_->platform_index, found_->device_index)};
    found.devices = found_->all;
    return std::nullopt;
  }

  std::optional<std::string> do_unsupported_reason(const Problem& p) const override {
    if (p.dtype == DType::f16 && found_ && found_->extensions.find("cl_khr_fp16") == std::string::npos)
      return fmt::format("device '{}' lacks cl_khr_fp16 (half precision)", found_->device_name);
    if (p.dtype == DType::f64 && found_ && found_->extensions.find("cl_khr_fp64") == std::string::npos)
      return fmt::format("device '{}' lacks cl_khr_fp64 (double precision)", found_->device_name);
    return std::nullopt;
  }

  void do_set_mode(Mode mode) override { e2e_ = mode == Mode::e2e; }

  void do_prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) override {
    release_all();
    host_a_ = &a, host_b_ = &b;
    p_ = p;
    host_c_ = &c;
    cl_int rc = CL_SUCCESS;
    ctx_ = clCreateContext(nullptr, 1, &found_->device, nullptr, nullptr, &rc);
    check_cl(rc, "clCreateContext");
    queue_ = clCreateCommandQueue(ctx_, found_->device, CL_QUEUE_PROFILING_ENABLE, &rc);
    check_cl(rc, "clCreateCommandQueue");
    const size_t out_bytes = static_cast<size_t>(p.m * p.n) * (p.dtype == DType::f64   ? 8
                                                               : p.dtype == DType::f16 ? 2
                                                                                       : 4);
    a_ = clCreateBuffer(ctx_, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, a.size_bytes() ? a.size_bytes() : 1,
                        const_cast<void*>(a.data()), &rc);
    check_cl(rc, "clCreateBuffer(A)");
    b_ = clCreateBuffer(ctx_, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, b.size_bytes() ? b.size_bytes() : 1,
                        const_cast<void*>(b.data()), &rc);
    check_cl(rc, "clCreateBuffer(B)");
    c_ = clCreateBuffer(ctx_, CL_MEM_READ_WRITE, out_bytes ? out_bytes : 1, nullptr, &rc);
    check_cl(rc, "clCreateBuffer(C)");
    c_bytes_ = out_bytes;
    check_cl(clFinish(queue_), "clFinish (upload)");
  }

  void do_run() override {
    cl_event ev = nullptr, begin = nullptr;
    // CLBlast's event is its last kernel only (an indirect GEMM also pads and transposes): the call's device time is
    // the span from a marker enqueued before it to the end of its last command (in-order queue).
    check_cl(clEnqueueMarkerWithWaitList(queue_, 0, nullptr, &begin), "clEnqueueMarkerWithWaitList");
    spans_.push_back({begin, nullptr});
    if (e2e_) {  // one isolated call: inputs written, multiplied, result read
      for (auto [buf, host] : {std::pair{a_, host_a_}, std::pair{b_, host_b_}})
        check_cl(clEnqueueWriteBuffer(queue_, buf, CL_FALSE, 0, host->size_bytes(), host->data(), 0, nullptr, nullptr),
                 "write input");
    }
    clblast::StatusCode st = clblast::StatusCode::kSuccess;
    const auto L = clblast::Layout::kRowMajor;
    const auto N = clblast::Transpose::kNo;
    const size_t m = p_.m, n = p_.n, k = p_.k;
    switch (p_.dtype) {
      case DType::f64:
        st = clblast::Gemm<double>(L, N, N, m, n, k, 1.0, a_, 0, k, b_, 0, n, 0.0, c_, 0, n, &queue_, &ev);
        break;
      case DType::f16:
        st = clblast::Gemm<half>(L, N, N, m, n, k, FloatToHalf(1.0f), a_, 0, k, b_, 0, n, FloatToHalf(0.0f), c_, 0, n,
                                 &queue_, &ev);
        break;
      default:
        st = clblast::Gemm<float>(L, N, N, m, n, k, 1.0f, a_, 0, k, b_, 0, n, 0.0f, c_, 0, n, &queue_, &ev);
    }
    if (st != clblast::StatusCode::kSuccess)
      throw Error(fmt::format("CLBlast Gemm failed (status {})", static_cast<int>(st)));
    if (e2e_) {
      stage_.resize(c_bytes_);
      if (ev) clReleaseEvent(ev);
      check_cl(clEnqueueReadBuffer(queue_, c_, CL_FALSE, 0, c_bytes_, stage_.data(), 0, nullptr, &ev), "read C");
    }
    spans_.back().second = ev;
  }

  void do_synchronize() override { check_cl(clFinish(queue_), "clFinish"); }

  std::optional<double> do_take_device_seconds() override {
    double total = 0;
    bool all = !spans_.empty();
    for (auto [begin, last] : spans_) {
      cl_ulong start = 0, end = 0;
      all = all && last &&
            clGetEventProfilingInfo(begin, CL_PROFILING_COMMAND_START, sizeof start, &start, nullptr) == CL_SUCCESS &&
            clGetEventProfilingInfo(last, CL_PROFILING_COMMAND_END, sizeof end, &end, nullptr) == CL_SUCCESS &&
            end >= start;
      if (all) total += static_cast<double>(end - start) * 1e-9;
      if (begin) clReleaseEvent(begin);
      if (last) clReleaseEvent(last);
    }
    spans_.clear();
    if (!all) return std::nullopt;  // a device without profiling: host time only
    return total;
  }

  void do_read_result() override {
    if (p_.dtype == DType::f16) {  // the device computed half C; the host keeps f32 (see host_output_storage)
      std::vector<uint16_t> h(static_cast<size_t>(p_.m * p_.n));
      check_cl(clEnqueueReadBuffer(queue_, c_, CL_TRUE, 0, c_bytes_, h.data(), 0, nullptr, nullptr), "read C");
      float* out = host_c_->as<float>();
      for (size_t i = 0; i < h.size(); ++i) out[i] = f16_bits_to_f32(h[i]);
    } else {
      check_cl(clEnqueueReadBuffer(queue_, c_, CL_TRUE, 0, c_bytes_, host_c_->data(), 0, nullptr, nullptr), "read C");
    }
  }

  // The OpenCL version the device reports ("OpenCL 3.0 PoCL HSTR: ..." -> "OpenCL 3.0").
  PointReport do_report() override {
    const std::string& v = found_->device_version;
    return {.device_state = {{"opencl_version", reading_text(v.substr(0, v.find(' ', 7)))}}};
  }

  void do_release() override { release_all(); }

 private:
  void release_all() {
    do_take_device_seconds();
    for (cl_mem* m : {&a_, &b_, &c_})
      if (*m) clReleaseMemObject(*m), *m = nullptr;
    if (queue_) clReleaseCommandQueue(queue_), queue_ = nullptr;
    if (ctx_) clReleaseContext(ctx_), ctx_ = nullptr;
  }

  std::optional<Found> found_;
  bool e2e_ = false;
  const HostMatrix *host_a_ = nullptr, *host_b_ = nullptr;
  std::vector<unsigned char> stage_;  // e2e: where each call's C lands
  Problem p_;
  HostMatrix* host_c_ = nullptr;
  cl_context ctx_ = nullptr;
  cl_command_queue queue_ = nullptr;
  cl_mem a_ = nullptr, b_ = nullptr, c_ = nullptr;
  size_t c_bytes_ = 0;
  std::vector<std::pair<cl_event, cl_event>> spans_;  // per run(): marker before, last command
};

}  // namespace

std::unique_ptr<Backend> make_clblast_backend() {
  return std::make_unique<ClblastBackend>();
}

}  // namespace mmbench
