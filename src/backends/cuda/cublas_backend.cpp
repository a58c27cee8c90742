// cuda:cublas — cublasGemmEx on device-resident buffers. The CUDA runtime and cuBLAS are opened with dlopen (types
// from the toolkit's headers via decltype, the sonames of the toolkit it was built with), so mmbench starts and
// every other backend works on machines without CUDA; probe() then says what is missing. There is no device code
// of ours (no kernels), so nothing here needs nvcc: the host compiler and the toolkit's headers suffice.
// Row-major C = A·B is computed as column-major Cᵀ = Bᵀ·Aᵀ (no copies, no transposes). Modes: hot (A, B and C
// stay on the device; upload and download are timed once as phases) and e2e (each call copies A and B up and C
// down, synchronously from pageable memory, as one isolated call from host data would).
// Compute types (recorded in the version string of each point's record):
//   f32: 32F in/out, CUBLAS_COMPUTE_32F (no TF32)  ·  tf32: 32F in/out, CUBLAS_COMPUTE_32F_FAST_TF32
//   f16 / bf16: 16-bit in and out, CUBLAS_COMPUTE_32F (fp32 accumulation: what torch.matmul does)
//   i8: 8I in, 32I out, CUBLAS_COMPUTE_32I (needs N and K multiples of 4)
//   f8: FP8 E4M3 in, 32F out, CUBLAS_COMPUTE_32F through cuBLASLt (cublasGemmEx has no FP8), sm_89 or later; FP8
//       wants the "TN" form, so B is uploaded transposed (N x K, as a Linear layer stores its weight); unit scales.
// Cold mode rotates device copies of A and B (>= 2x L2); the SM clock (NVML) before and after each point is
// recorded as device state readings (sm_clock_start, sm_clock_end in MHz), and a drop of more than 5% is a note.
#include "backends/cuda/cublas_backend.hpp"

#include <cublasLt.h>
#include <cublas_v2.h>
#include <cuda_runtime_api.h>
#include <dlfcn.h>

#include <cmath>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "mmbench/error.hpp"
#include "mmbench/half.hpp"

namespace mmbench {
namespace {

#define MMB_STR2(x) #x
#define MMB_STR(x) MMB_STR2(x)
constexpr const char* kCudart = "libcudart.so." MMB_STR(CUBLAS_VER_MAJOR);
constexpr const char* kCublas = "libcublas.so." MMB_STR(CUBLAS_VER_MAJOR);
constexpr const char* kCublasLt = "libcublasLt.so." MMB_STR(CUBLAS_VER_MAJOR);

// The entry points used, typed from the headers.
struct Api {
  void* rt = nullptr;
  void* blas = nullptr;
  decltype(&cudaGetDeviceCount) GetDeviceCount;
  decltype(&cudaGetDeviceProperties) GetDeviceProperties;
  decltype(&cudaSetDevice) SetDevice;
  decltype(&cudaMalloc) Malloc;
  decltype(&cudaFree) Free;
  decltype(&cudaMemcpy) Memcpy;
  decltype(&cudaDeviceSynchronize) DeviceSynchronize;
  decltype(&cudaEventCreate) EventCreate;
  decltype(&cudaEventRecord) EventRecord;
  decltype(&cudaEventSynchronize) EventSynchronize;
  decltype(&cudaEventElapsedTime) EventElapsedTime;
  decltype(&cudaEventDestroy) EventDestroy;
  decltype(&cudaGetErrorString) GetErrorString;
  decltype(&cudaDriverGetVersion) DriverGetVersion;
  decltype(&cudaRuntimeGetVersion) RuntimeGetVersion;
  decltype(&cublasCreate_v2) Create;
  decltype(&cublasDestroy_v2) Destroy;
  decltype(&cublasGetVersion_v2) GetVersion;
  // cublasGemmEx is overloaded in C++ (a legacy cudaDataType computeType form): name the one we call.
  cublasStatus_t (*GemmEx)(cublasHandle_t, cublasOperation_t, cublasOperation_t, int, int, int, const void*,
                           const void*, cudaDataType, int, const void*, cudaDataType, int, const void*, void*,
                           cudaDataType, int, cublasComputeType_t, cublasGemmAlgo_t);
  // cuBLASLt (FP8 only); null when the library is missing, and f8 is then unsupported with that reason.
  void* lt = nullptr;
  decltype(&cublasLtCreate) LtCreate = nullptr;
  decltype(&cublasLtDestroy) LtDestroy = nullptr;
  decltype(&cublasLtMatmulDescCreate) LtDescCreate = nullptr;
  decltype(&cublasLtMatmulDescDestroy) LtDescDestroy = nullptr;
  decltype(&cublasLtMatmulDescSetAttribute) LtDescSet = nullptr;
  decltype(&cublasLtMatrixLayoutCreate) LtLayoutCreate = nullptr;
  decltype(&cublasLtMatrixLayoutDestroy) LtLayoutDestroy = nullptr;
  decltype(&cublasLtMatmulPreferenceCreate) LtPrefCreate = nullptr;
  decltype(&cublasLtMatmulPreferenceDestroy) LtPrefDestroy = nullptr;
  decltype(&cublasLtMatmulPreferenceSetAttribute) LtPrefSet = nullptr;
  decltype(&cublasLtMatmulAlgoGetHeuristic) LtHeuristic = nullptr;
  decltype(&cublasLtMatmul) LtMatmul = nullptr;
};

template <class F>
bool bind(void* lib, F& f, const char* name) {
  f = reinterpret_cast<F>(dlsym(lib, name));
  return f != nullptr;
}

// NVML (libnvidia-ml.so.1, shipped with the driver; its header is not in every toolkit): the four entry points
// used, declared from NVML's stable C API. SM clock in MHz, or 0 when NVML is absent.
unsigned sm_clock_mhz() {
  using Init = int (*)();
  using Handle = int (*)(unsigned, void**);
  using Clock = int (*)(void*, int, unsigned*);
  static void* lib = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
  static void* device = nullptr;
  static Clock clock = nullptr;
  static bool ready = [] {
    if (!lib) return false;
    auto init = reinterpret_cast<Init>(dlsym(lib, "nvmlInit_v2"));
    auto handle = reinterpret_cast<Handle>(dlsym(lib, "nvmlDeviceGetHandleByIndex_v2"));
    clock = reinterpret_cast<Clock>(dlsym(lib, "nvmlDeviceGetClockInfo"));
    return init && handle && clock && init() == 0 && handle(0, &device) == 0;
  }();
  unsigned mhz = 0;
  constexpr int kNvmlClockSm = 1;
  if (ready && clock(device, kNvmlClockSm, &mhz) != 0) mhz = 0;
  return mhz;
}

// Loaded once per process; a message when something is missing.
const Api* load_api(Unusable& why) {
  static Api api;
  static Unusable error;
  static bool done = false;
  if (!done) {
    done = true;
    api.rt = dlopen(kCudart, RTLD_NOW | RTLD_LOCAL);
    api.blas = api.rt ? dlopen(kCublas, RTLD_NOW | RTLD_LOCAL) : nullptr;
    if (!api.rt || !api.blas) {
      error = {ProbeCode::library_missing, fmt::format("{} not found (install the CUDA {} runtime and cuBLAS)",
                                                       api.rt ? kCublas : kCudart, CUBLAS_VER_MAJOR)};
    } else {
      bool ok = bind(api.rt, api.GetDeviceCount, "cudaGetDeviceCount") &&
                bind(api.rt, api.GetDeviceProperties, "cudaGetDeviceProperties") &&
                bind(api.rt, api.SetDevice, "cudaSetDevice") && bind(api.rt, api.Malloc, "cudaMalloc") &&
                bind(api.rt, api.Free, "cudaFree") && bind(api.rt, api.Memcpy, "cudaMemcpy") &&
                bind(api.rt, api.DeviceSynchronize, "cudaDeviceSynchronize") &&
                bind(api.rt, api.EventCreate, "cudaEventCreate") && bind(api.rt, api.EventRecord, "cudaEventRecord") &&
                bind(api.rt, api.EventSynchronize, "cudaEventSynchronize") &&
                bind(api.rt, api.EventElapsedTime, "cudaEventElapsedTime") &&
                bind(api.rt, api.EventDestroy, "cudaEventDestroy") &&
                bind(api.rt, api.GetErrorString, "cudaGetErrorString") &&
                bind(api.rt, api.DriverGetVersion, "cudaDriverGetVersion") &&
                bind(api.rt, api.RuntimeGetVersion, "cudaRuntimeGetVersion") &&
                bind(api.blas, api.Create, "cublasCreate_v2") && bind(api.blas, api.Destroy, "cublasDestroy_v2") &&
                bind(api.blas, api.GetVersion, "cublasGetVersion_v2") && bind(api.blas, api.GemmEx, "cublasGemmEx");
      if (!ok)  // a library older than the toolkit mmbench was built with
        error = {ProbeCode::too_old, fmt::format("{} or {} lacks an entry point mmbench needs", kCudart, kCublas)};
      api.lt = dlopen(kCublasLt, RTLD_NOW | RTLD_LOCAL);
      if (api.lt && !(bind(api.lt, api.LtCreate, "cublasLtCreate") && bind(api.lt, api.LtDestroy, "cublasLtDestroy") &&
                      bind(api.lt, api.LtDescCreate, "cublasLtMatmulDescCreate") &&
                      bind(api.lt, api.LtDescDestroy, "cublasLtMatmulDescDestroy") &&
                      bind(api.lt, api.LtDescSet, "cublasLtMatmulDescSetAttribute") &&
                      bind(api.lt, api.LtLayoutCreate, "cublasLtMatrixLayoutCreate") &&
                      bind(api.lt, api.LtLayoutDestroy, "cublasLtMatrixLayoutDestroy") &&
                      bind(api.lt, api.LtPrefCreate, "cublasLtMatmulPreferenceCreate") &&
                      bind(api.lt, api.LtPrefDestroy, "cublasLtMatmulPreferenceDestroy") &&
                      bind(api.lt, api.LtPrefSet, "cublasLtMatmulPreferenceSetAttribute") &&
                      bind(api.lt, api.LtHeuristic, "cublasLtMatmulAlgoGetHeuristic") &&
                      bind(api.lt, api.LtMatmul, "cublasLtMatmul")))
        api.lt = nullptr;
    }
  }
  why = error;
  return error.text.empty() ? &api : nullptr;
}

struct Types {
  cudaDataType in, out;
  cublasComputeType_t compute;
  size_t in_bytes, out_bytes;
  const char* text;
};

// The record's version names the types and the compute type of each point (the issue asks for it: the same
// dtype can mean different arithmetic on a GPU, e.g. fp32 with or without TF32).
Types types_of(DType d) {
  switch (d) {
    case DType::tf32:
      return {CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F_FAST_TF32,
              4,          4,          "fp32 in/out, compute 32F_FAST_TF32: TF32 tensor cores"};
    case DType::f16:
      return {CUDA_R_16F, CUDA_R_16F, CUBLAS_COMPUTE_32F, 2, 2, "fp16 in/out, compute 32F: fp32 accumulate"};
    case DType::bf16:
      return {CUDA_R_16BF, CUDA_R_16BF, CUBLAS_COMPUTE_32F, 2, 2, "bf16 in/out, compute 32F: fp32 accumulate"};
    case DType::i8:
      return {CUDA_R_8I, CUDA_R_32I, CUBLAS_COMPUTE_32I, 1, 4, "int8 in, int32 out, compute 32I"};
    case DType::f8:
      return {
          CUDA_R_8F_E4M3, CUDA_R_32F, CUBLAS_COMPUTE_32F, 1, 4, "fp8 e4m3 in, fp32 out, compute 32F (cuBLASLt, TN)"};
    default:
      return {CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F, 4, 4, "fp32 in/out, compute 32F (no TF32)"};
  }
}

class CublasBackend final : public Backend {
 public:
  CublasBackend()
      : Backend({.name = "cuda:cublas",
                 .library = "cuBLAS",
                 .dtypes = {DType::f32, DType::tf32, DType::f16, DType::bf16, DType::i8, DType::f8},
                 .modes = {Mode::hot, Mode::e2e, Mode::cold}}) {}
  ~CublasBackend() override {
    free_point();
    if (handle_) api_->Destroy(handle_);
    if (lt_) api_->LtDestroy(lt_);
  }

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    found.version = fmt::format("built against {}.{}", CUBLAS_VER_MAJOR, CUBLAS_VER_MINOR);
    found.device = {.kind = DeviceKind::gpu, .vendor = "NVIDIA"};
    Unusable why;
    if (api_ = load_api(why); !api_) return why;
    int n = 0;
    if (const cudaError_t e = api_->GetDeviceCount(&n); e != cudaSuccess || n == 0)
      return Unusable{ProbeCode::no_device,
                      fmt::format("no CUDA device ({}{})", e != cudaSuccess ? api_->GetErrorString(e) : "0 devices",
                                  e == cudaErrorInsufficientDriver || e == cudaErrorNoDevice
                                      ? "; is an NVIDIA GPU with its driver present?"
                                      : "")};
    for (int d = 0; d < n; ++d) {
      cudaDeviceProp prop{};
      if (api_->GetDeviceProperties(&prop, d) == cudaSuccess)
        found.devices.push_back(fmt::format("device {} '{}' sm_{}{}", d, prop.name, prop.major, prop.minor));
    }
    cudaDeviceProp prop{};
    api_->GetDeviceProperties(&prop, 0);
    sm_ = prop.major * 10 + prop.minor;
    found.device.name = prop.name;
    found.device.id = fmt::format("{:04x}:{:02x}:{:02x}.0", prop.pciDomainID, prop.pciBusID, prop.pciDeviceID);
    // What the device is beyond its identity, and the driver it runs under: readings of every point's report.
    int drv = 0, rt = 0;
    api_->DriverGetVersion(&drv);
    api_->RuntimeGetVersion(&rt);
    device_facts_ = {{"compute_capability", reading_text(fmt::format("sm_{}{}", prop.major, prop.minor))},
                     {"multiprocessors", reading(prop.multiProcessorCount, "SMs")},
                     {"memory", reading(std::round(prop.totalGlobalMem / 1073741824.0), "GiB")},
                     {"cuda_driver_api", reading_text(fmt::format("{}.{}", drv / 1000, drv % 1000 / 10))},
                     {"cuda_runtime", reading_text(fmt::format("{}.{}", rt / 1000, rt % 1000 / 10))}};
    if (api_->SetDevice(0) != cudaSuccess) return Unusable{ProbeCode::other, "cudaSetDevice(0) failed"};
    if (!handle_ && api_->Create(&handle_) != CUBLAS_STATUS_SUCCESS)
      return Unusable{ProbeCode::other, "cublasCreate failed"};
    int v = 0;
    api_->GetVersion(handle_, &v);
    found.version = fmt::format("{}.{}.{}", v / 10000, v % 10000 / 100, v % 100);
    return std::nullopt;
  }

  std::optional<std::string> do_unsupported_reason(const Problem& p) const override {
    if (p.dtype == DType::f8) {
      if (!api_ || !api_->lt) return fmt::format("f8 needs cuBLASLt ({} not found)", kCublasLt);
      if (sm_ && sm_ < 89) return fmt::format("f8 needs FP8 tensor cores (sm_89 or later), this GPU is sm_{}", sm_);
      if (p.n % 16 || p.k % 16)
        return fmt::format("FP8 GEMM needs N and K multiples of 16 (cuBLASLt alignment rule); got N={}, K={}", p.n,
                           p.k);
    }
    if (p.dtype == DType::i8 && (p.n % 4 || p.k % 4))
      return fmt::format("int8 GEMM needs N and K multiples of 4 (cuBLAS leading-dimension rule); got N={}, K={}", p.n,
                         p.k);
    return std::nullopt;
  }

  void do_set_mode(Mode mode) override { e2e_ = mode == Mode::e2e, cold_ = mode == Mode::cold; }

  void do_prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) override {
    free_point();
    host_a_ = &a;
    p_ = p;
    t_ = types_of(p.dtype);
    host_c_ = &c;
    check(api_->Malloc(&a_, std::max<size_t>(1, p.m * p.k * t_.in_bytes)), "cudaMalloc A");
    check(api_->Malloc(&b_, std::max<size_t>(1, p.k * p.n * t_.in_bytes)), "cudaMalloc B");
    check(api_->Malloc(&c_, std::max<size_t>(1, p.m * p.n * t_.out_bytes)), "cudaMalloc C");
    check(api_->EventCreate(&start_), "cudaEventCreate");
    check(api_->EventCreate(&stop_), "cudaEventCreate");
    // Upload, timed by events: the "upload" phase of an end-to-end call.
    b_up_ = &b;
    if (p.dtype == DType::f8) {  // FP8 wants B as N x K: transposed once here, in the upload phase
      bt_ = HostMatrix(p.n, p.k, DType::f8);
      for (int64_t r = 0; r < p.k; ++r)
        for (int64_t col = 0; col < p.n; ++col) bt_.as<uint8_t>()[col * p.k + r] = b.as<uint8_t>()[r * p.n + col];
      b_up_ = &bt_;
      setup_lt();
    }
    check(api_->EventRecord(start_, nullptr), "cudaEventRecord");
    check(api_->Memcpy(a_, a.data(), a.size_bytes(), cudaMemcpyHostToDevice), "upload A");
    check(api_->Memcpy(b_, b_up_->data(), b_up_->size_bytes(), cudaMemcpyHostToDevice), "upload B");
    phases_["upload"] = elapsed();
    // Cold: device copies of A and B totalling >= 2x the L2 (50 MB on an H100), one per call in turn, so no call
    // finds its inputs in L2 (the device-side version of the host's rotation).
    sets_ = {{a_, b_}};
    cold_note_.clear();
    if (cold_) {
      cudaDeviceProp prop{};
      api_->GetDeviceProperties(&prop, 0);
      const double ab = static_cast<double>(a.size_bytes() + b.size_bytes());
      const int copies = std::min(64, static_cast<int>(std::ceil(2.0 * prop.l2CacheSize / std::max(ab, 1.0))));
      if (copies * ab < 2.0 * prop.l2CacheSize)
        cold_note_ = fmt::format(
            "cold mode: {} device copies of A and B hold {:.1f} MiB, less than 2x the L2 ({:.0f} "
            "MiB): small inputs may still be served from the L2",
            copies, copies * ab / 1048576, prop.l2CacheSize / 1048576.0);
      for (int i = 1; i < copies; ++i) {
        void *ca = nullptr, *cb = nullptr;
        check(api_->Malloc(&ca, std::max<size_t>(1, a.size_bytes())), "cudaMalloc A copy");
        check(api_->Malloc(&cb, std::max<size_t>(1, b.size_bytes())), "cudaMalloc B copy");
        check(api_->Memcpy(ca, a_, a.size_bytes(), cudaMemcpyDeviceToDevice), "copy A");
        check(api_->Memcpy(cb, b_, b.size_bytes(), cudaMemcpyDeviceToDevice), "copy B");
        sets_.push_back({ca, cb});
      }
    }
    clock_start_ = sm_clock_mhz();
  }

  void do_run() override {
    if (!pending_) check(api_->EventRecord(start_, nullptr), "cudaEventRecord");
    pending_ = true;
    const int m = static_cast<int>(p_.m), n = static_cast<int>(p_.n), k = static_cast<int>(p_.k);
    const float fa = 1, fb = 0;
    const int32_t ia = 1, ib = 0;
    const bool integer = p_.dtype == DType::i8;
    const auto [a_dev, b_dev] = sets_[next_++ % sets_.size()];
    if (e2e_) {  // one isolated call: inputs up, multiply, result down (pageable host memory, as a caller has)
      check(api_->Memcpy(a_, host_a_->data(), host_a_->size_bytes(), cudaMemcpyHostToDevice), "upload A");
      check(api_->Memcpy(b_, b_up_->data(), b_up_->size_bytes(), cudaMemcpyHostToDevice), "upload B");
    }
    const cublasStatus_t st =
        p_.dtype == DType::f8
            ? api_->LtMatmul(lt_, lt_desc_, &fa, b_dev, lt_a_, a_dev, lt_b_, &fb, c_, lt_c_, c_, lt_c_, &lt_algo_,
                             lt_ws_, lt_ws_size_, nullptr)
            : api_->GemmEx(handle_, CUBLAS_OP_N, CUBLAS_OP_N, n, m, k, integer ? static_cast<const void*>(&ia) : &fa,
                           b_dev, t_.in, n, a_dev, t_.in, k, integer ? static_cast<const void*>(&ib) : &fb, c_, t_.out,
                           n, t_.compute, CUBLAS_GEMM_DEFAULT);
    if (st != CUBLAS_STATUS_SUCCESS)
      throw Error(fmt::format("{} failed (status {})", p_.dtype == DType::f8 ? "cublasLtMatmul" : "cublasGemmEx",
                              static_cast<int>(st)));
    if (e2e_) {
      stage_.resize(static_cast<size_t>(p_.m * p_.n) * t_.out_bytes);
      check(api_->Memcpy(stage_.data(), c_, stage_.size(), cudaMemcpyDeviceToHost), "download C");
    }
  }

  void do_synchronize() override {
    if (pending_) {
      check(api_->EventRecord(stop_, nullptr), "cudaEventRecord");
      check(api_->EventSynchronize(stop_), "cudaEventSynchronize");
      float ms = 0;
      check(api_->EventElapsedTime(&ms, start_, stop_), "cudaEventElapsedTime");
      device_s_ += ms * 1e-3;
      have_device_ = true;
      pending_ = false;
    }
    check(api_->DeviceSynchronize(), "cudaDeviceSynchronize");
  }

  std::optional<double> do_take_device_seconds() override {
    if (!have_device_) return std::nullopt;
    const double s = device_s_;
    device_s_ = 0;
    have_device_ = false;
    return s;
  }

  void do_read_result() override {
    clock_end_ = sm_clock_mhz();  // after every sample: did the clock drop during the point?
    check(api_->EventRecord(start_, nullptr), "cudaEventRecord");
    const size_t count = static_cast<size_t>(p_.m * p_.n);
    std::vector<unsigned char> raw(count * t_.out_bytes);
    check(api_->Memcpy(raw.data(), c_, raw.size(), cudaMemcpyDeviceToHost), "download C");
    phases_["download"] = elapsed();
    // Widen into the host's output storage (f32 for fp types, f64 for int32 results).
    if (p_.dtype == DType::i8) {
      const auto* v = reinterpret_cast<const int32_t*>(raw.data());
      for (size_t i = 0; i < count; ++i) host_c_->as<double>()[i] = v[i];
    } else if (p_.dtype == DType::f16 || p_.dtype == DType::bf16) {
      const auto* v = reinterpret_cast<const uint16_t*>(raw.data());
      for (size_t i = 0; i < count; ++i)
        host_c_->as<float>()[i] = p_.dtype == DType::f16 ? f16_bits_to_f32(v[i]) : bf16_bits_to_f32(v[i]);
    } else {
      std::memcpy(host_c_->data(), raw.data(), raw.size());
    }
  }

  // Upload and download (device events), the SM clock before and after the samples (NVML; absent without it),
  // the device's facts, and the point's types and compute type in the version.
  PointReport do_report() override {
    PointReport r{.phases_s = phases_, .device_state = device_facts_};
    if (clock_start_ && clock_end_) {
      r.device_state["sm_clock_start"] = reading(clock_start_, "MHz");
      r.device_state["sm_clock_end"] = reading(clock_end_, "MHz");
      if (clock_end_ < 0.95 * clock_start_)
        r.notes.push_back(fmt::format("SM clock dropped from {} to {} MHz during this point (throttling?)",
                                      clock_start_, clock_end_));
    }
    if (!cold_note_.empty()) r.notes.push_back(cold_note_);
    r.version = fmt::format("{} ({})", facts().version, t_.text);
    return r;
  }

  int do_own_cold_copies() const override { return cold_ ? static_cast<int>(sets_.size()) : 0; }

  // The GPU's memory roof: a 256 MiB device-to-device copy timed by events, bytes read + written, best of 5 (far
  // beyond the L2, so it is the memory's rate). Any CUDA error: no roof, and the points get no verdict.
  std::optional<DeviceRoof> do_device_roof() override {
    constexpr size_t kBytes = size_t{256} << 20;
    cudaDeviceProp prop{};
    void *src = nullptr, *dst = nullptr;
    cudaEvent_t e0 = nullptr, e1 = nullptr;
    double best = 0;
    if (api_->GetDeviceProperties(&prop, 0) == cudaSuccess && api_->Malloc(&src, kBytes) == cudaSuccess &&
        api_->Malloc(&dst, kBytes) == cudaSuccess && api_->EventCreate(&e0) == cudaSuccess &&
        api_->EventCreate(&e1) == cudaSuccess &&
        api_->Memcpy(dst, src, kBytes, cudaMemcpyDeviceToDevice) == cudaSuccess)  // first copy: warm-up
      for (int rep = 0; rep < 5; ++rep) {
        float ms = 0;
        if (api_->EventRecord(e0, nullptr) != cudaSuccess ||
            api_->Memcpy(dst, src, kBytes, cudaMemcpyDeviceToDevice) != cudaSuccess ||
            api_->EventRecord(e1, nullptr) != cudaSuccess || api_->EventSynchronize(e1) != cudaSuccess ||
            api_->EventElapsedTime(&ms, e0, e1) != cudaSuccess || ms <= 0) {
          best = 0;
          break;
        }
        best = std::max(best, 2.0 * kBytes / (ms * 1e-3) / 1e9);
      }
    for (cudaEvent_t e : {e0, e1})
      if (e) api_->EventDestroy(e);
    for (void* p : {src, dst})
      if (p) api_->Free(p);
    if (best <= 0) return std::nullopt;
    return DeviceRoof{prop.name, best, static_cast<double>(prop.l2CacheSize),
                      "cudaMemcpy device to device of 256 MiB, read + written bytes, best of 5"};
  }

  void do_release() override { free_point(); }

 private:
  void free_point() {
    if (!api_) return;
    for (size_t i = 1; i < sets_.size(); ++i) api_->Free(sets_[i].first), api_->Free(sets_[i].second);
    sets_.clear();
    next_ = 0;
    for (void** p : {&a_, &b_, &c_})
      if (*p) api_->Free(*p), *p = nullptr;
    if (start_) api_->EventDestroy(start_), start_ = nullptr;
    if (stop_) api_->EventDestroy(stop_), stop_ = nullptr;
    for (cublasLtMatrixLayout_t* l : {&lt_a_, &lt_b_, &lt_c_})
      if (*l) api_->LtLayoutDestroy(*l), *l = nullptr;
    if (lt_desc_) api_->LtDescDestroy(lt_desc_), lt_desc_ = nullptr;
    if (lt_ws_) api_->Free(lt_ws_), lt_ws_ = nullptr;
  }

  void check(cudaError_t e, const char* what) const {
    if (e != cudaSuccess) throw Error(fmt::format("{} failed: {}", what, api_->GetErrorString(e)));
  }
  void lt_check(cublasStatus_t st, const char* what) const {
    if (st != CUBLAS_STATUS_SUCCESS) throw Error(fmt::format("{} failed (status {})", what, static_cast<int>(st)));
  }

  // Column-major view of row-major C = A·B: D (N x M) = op(Bt) · A with Bt stored K x N (ld K) and transposed, A
  // stored K x M (ld K): the "TN" form FP8 kernels require. The heuristic's first algorithm, 32 MiB workspace.
  void setup_lt() {
    if (!lt_) lt_check(api_->LtCreate(&lt_), "cublasLtCreate");
    const uint64_t m = p_.m, n = p_.n, k = p_.k;
    lt_check(api_->LtDescCreate(&lt_desc_, CUBLAS_COMPUTE_32F, CUDA_R_32F), "cublasLtMatmulDescCreate");
    const cublasOperation_t trans = CUBLAS_OP_T, none = CUBLAS_OP_N;
    lt_check(api_->LtDescSet(lt_desc_, CUBLASLT_MATMUL_DESC_TRANSA, &trans, sizeof trans), "set TRANSA");
    lt_check(api_->LtDescSet(lt_desc_, CUBLASLT_MATMUL_DESC_TRANSB, &none, sizeof none), "set TRANSB");
    lt_check(api_->LtLayoutCreate(&lt_a_, CUDA_R_8F_E4M3, k, n, static_cast<int64_t>(k)), "layout B");
    lt_check(api_->LtLayoutCreate(&lt_b_, CUDA_R_8F_E4M3, k, m, static_cast<int64_t>(k)), "layout A");
    lt_check(api_->LtLayoutCreate(&lt_c_, CUDA_R_32F, n, m, static_cast<int64_t>(n)), "layout C");
    lt_ws_size_ = 32u << 20;
    check(api_->Malloc(&lt_ws_, lt_ws_size_), "cudaMalloc workspace");
    cublasLtMatmulPreference_t pref = nullptr;
    lt_check(api_->LtPrefCreate(&pref), "cublasLtMatmulPreferenceCreate");
    const uint64_t ws = lt_ws_size_;
    api_->LtPrefSet(pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &ws, sizeof ws);
    cublasLtMatmulHeuristicResult_t result{};
    int found = 0;
    const cublasStatus_t st = api_->LtHeuristic(lt_, lt_desc_, lt_a_, lt_b_, lt_c_, lt_c_, pref, 1, &result, &found);
    api_->LtPrefDestroy(pref);
    if (st != CUBLAS_STATUS_SUCCESS || found == 0)
      throw Error(fmt::format("cuBLASLt offers no FP8 algorithm for {} (status {})", p_.shape(), static_cast<int>(st)));
    lt_algo_ = result.algo;
  }

  double elapsed() {
    check(api_->EventRecord(stop_, nullptr), "cudaEventRecord");
    check(api_->EventSynchronize(stop_), "cudaEventSynchronize");
    float ms = 0;
    check(api_->EventElapsedTime(&ms, start_, stop_), "cudaEventElapsedTime");
    return ms * 1e-3;
  }

  const Api* api_ = nullptr;
  bool e2e_ = false, cold_ = false;
  std::vector<std::pair<void*, void*>> sets_;  // device A, B (cold: several copies)
  size_t next_ = 0;
  unsigned clock_start_ = 0, clock_end_ = 0;
  DeviceState device_facts_;  // compute capability, SMs, memory, driver and runtime versions (from the probe)
  std::string cold_note_;     // cold mode could not fill 2x the L2 (the copies are capped at 64)
  const HostMatrix* host_a_ = nullptr;
  std::vector<unsigned char> stage_;  // e2e: where each call's C lands on the host
  cublasHandle_t handle_ = nullptr;
  int sm_ = 0;  // compute capability x 10 (0 until probed)
  // FP8 through cuBLASLt: B transposed on the host, descriptors, the chosen algorithm and its workspace.
  HostMatrix bt_;
  const HostMatrix* b_up_ = nullptr;
  cublasLtHandle_t lt_ = nullptr;
  cublasLtMatmulDesc_t lt_desc_ = nullptr;
  cublasLtMatrixLayout_t lt_a_ = nullptr, lt_b_ = nullptr, lt_c_ = nullptr;
  cublasLtMatmulAlgo_t lt_algo_{};
  void* lt_ws_ = nullptr;
  size_t lt_ws_size_ = 0;
  Problem p_;
  Types t_{};
  HostMatrix* host_c_ = nullptr;
  void *a_ = nullptr, *b_ = nullptr, *c_ = nullptr;
  cudaEvent_t start_ = nullptr, stop_ = nullptr;
  bool pending_ = false, have_device_ = false;
  double device_s_ = 0;
  std::map<std::string, double> phases_;
};

}  // namespace

std::unique_ptr<Backend> make_cublas_backend() {
  return std::make_unique<CublasBackend>();
}

}  // namespace mmbench
