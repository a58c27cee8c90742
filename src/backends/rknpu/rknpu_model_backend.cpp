// rknpu:model — user-supplied .rknn files (made by Rockchip's rknn-toolkit2 from `mmbench onnx` output) through the
// model API: one file per shape, found by the name the ONNX generator gave it (matmul_M{M}_N{N}_K{K}.rknn in the
// folder of --rknn-models / MMBENCH_RKNN_MODELS). The ONNX file beside it gives B: it must be this run's B (rounded
// to fp16, as the toolkit's default conversion does), so the output is verified against the same reference as every
// backend. Phases: init, inputs_set (in prepare), run (the samples), outputs_get (read_result); the runtime's own
// device time per run (RKNN_QUERY_PERF_RUN) is recorded beside the host clock. Mode e2e sets the inputs and gets
// the outputs inside every call. Tested here only against the runtime double under tests/doubles.
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "backends/rknpu/rknpu_backend.hpp"
#include "backends/rknpu/runtime.hpp"
#include "mmbench/error.hpp"
#include "mmbench/half.hpp"
#ifdef MMB_RKNPU_ONNX
#include "mmbench/onnx_model.hpp"
#endif

namespace mmbench {
namespace {

using Clock = std::chrono::steady_clock;

std::string model_stem(const Problem& p) {
  return fmt::format("matmul_M{}_N{}_K{}", p.m, p.n, p.k);
}

class RknpuModel final : public Backend {
 public:
  RknpuModel()
      : Backend({.name = "rknpu:model",
                 .library = "Rockchip RKNN runtime (model API, .rknn files)",
                 .dtypes = {DType::f16},
                 .modes = {Mode::hot, Mode::e2e}}) {}
  ~RknpuModel() override { destroy_model(); }

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    found.device = {.kind = DeviceKind::npu, .vendor = "Rockchip"};
    Unusable why;
    rt_ = rknn::load_runtime(options().rknn_lib, options().rknn_version, why);
    if (!rt_) return why;
    found.version = rt_->version.text + ", models in " + options().rknn_models;
    found.path = rt_->path;
    found.device = rknn::npu_identity(rt_->version);
    if (auto missing = rt_->missing_model_api()) return Unusable{ProbeCode::other, *missing};
    const std::string dir = options().rknn_models;
    if (dir.empty())
      return Unusable{ProbeCode::other, "no .rknn models given (--rknn-models DIR or MMBENCH_RKNN_MODELS)"};
    if (!std::filesystem::is_directory(dir))
      return Unusable{ProbeCode::other, fmt::format("--rknn-models '{}': no such folder", dir)};
    return std::nullopt;
  }

  std::optional<std::string> do_unsupported_reason(const Problem& p) const override {
    if (p.dtype != DType::f16)
      return fmt::format(
          "rknpu:model times fp16 models (rknn-toolkit2's conversion of the float32 ONNX files without "
          "quantisation), not {}",
          to_string(p.dtype));
    const std::string dir = options().rknn_models, stem = model_stem(p);
    if (!std::filesystem::is_regular_file(dir + "/" + stem + ".rknn"))
      return fmt::format("no {}.rknn in {}", stem, dir);
#ifdef MMB_RKNPU_ONNX
    if (!std::filesystem::is_regular_file(dir + "/" + stem + ".onnx"))
      return fmt::format("no {}.onnx beside the .rknn: its B is needed to verify the output", stem);
    return std::nullopt;
#else
    return std::string("built without libonnx: the B of the ONNX file beside each .rknn cannot be read to verify");
#endif
  }

  void do_set_mode(Mode mode) override {
    e2e_ = mode == Mode::e2e;
  }

  void do_prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) override {
    destroy_model();
    p_ = p;
    host_c_ = &c;
    phases_.clear();
    notes_.clear();
    const std::string path = options().rknn_models + "/" + model_stem(p) + ".rknn";
    check_b(options().rknn_models + "/" + model_stem(p) + ".onnx", b);

    auto t = Clock::now();
    std::string path_arg = path;  // size 0: the runtime reads the file itself
    check(rt_->init(&ctx_, path_arg.data(), 0, 0, nullptr), "rknn_init");
    phases_["init"] = rknn::seconds_since(t);
    if (const std::string& mask = options().rknn_core_mask; !mask.empty() && rt_->model_set_core_mask) {
      const int m = static_cast<int>(std::strtol(mask.c_str(), nullptr, 0));
      if (const int rc = rt_->model_set_core_mask(ctx_, m); rc != 0)
        notes_.push_back(
            fmt::format("core mask {:#x} refused ({}): ran with the runtime's default", m, rknn::error_name(rc)));
    }
    rknn::SdkVersion v{};
    if (rt_->query(ctx_, rknn::kQuerySdkVersion, &v, sizeof v) == 0) {
      v.api_version[sizeof v.api_version - 1] = v.drv_version[sizeof v.drv_version - 1] = '\0';
      sdk_ = fmt::format("api {}, driver {}", v.api_version, v.drv_version);
    }
    rknn::InputOutputNum io{};
    check(rt_->query(ctx_, rknn::kQueryInOutNum, &io, sizeof io), "rknn_query(IN_OUT_NUM)");
    if (io.n_input != 1 || io.n_output != 1)
      throw Error(
          fmt::format("{} has {} inputs and {} outputs, a matmul model has 1 and 1", path, io.n_input, io.n_output));
    rknn::TensorAttr in{}, out{};
    in.index = out.index = 0;
    check(rt_->query(ctx_, rknn::kQueryInputAttr, &in, sizeof in), "rknn_query(INPUT_ATTR)");
    check(rt_->query(ctx_, rknn::kQueryOutputAttr, &out, sizeof out), "rknn_query(OUTPUT_ATTR)");
    if (in.n_elems != static_cast<uint64_t>(p.m * p.k) || out.n_elems != static_cast<uint64_t>(p.m * p.n))
      throw Error(fmt::format("{} takes {} and gives {} elements; its name says {}x{} in, {}x{} out", path, in.n_elems,
                              out.n_elems, p.m, p.k, p.m, p.n));
    in_fmt_ = in.fmt;
    // A as float32 (exact from fp16): the runtime converts it to the model's fp16 input, as a user's program would.
    a_f32_.resize(static_cast<size_t>(p.m * p.k));
    for (size_t i = 0; i < a_f32_.size(); ++i) a_f32_[i] = f16_bits_to_f32(a.as<uint16_t>()[i]);
    t = Clock::now();
    set_inputs_now();
    phases_["inputs_set"] = rknn::seconds_since(t);
    perf_ok_ = true;
    device_s_ = 0;
  }

  void do_run() override {
    if (e2e_) set_inputs_now();
    check(rt_->model_run(ctx_, nullptr), "rknn_run");
    rknn::PerfRun perf{};
    if (perf_ok_ && rt_->query(ctx_, rknn::kQueryPerfRun, &perf, sizeof perf) == 0 && perf.run_duration >= 0)
      device_s_ += static_cast<double>(perf.run_duration) * 1e-6;
    else
      perf_ok_ = false;
    if (e2e_) get_outputs();
  }

  std::optional<double> do_take_device_seconds() override {
    if (!perf_ok_) return std::nullopt;
    const double d = device_s_;
    device_s_ = 0;
    return d;
  }

  void do_read_result() override {
    const auto t = Clock::now();
    get_outputs();
    phases_["outputs_get"] = rknn::seconds_since(t);
  }

  // Phases, notes, the board's state as the point ends, and the SDK's api and driver versions (known once a model
  // is loaded) in the version.
  PointReport do_report() override {
    return {.phases_s = phases_,
            .notes = notes_,
            .device_state = rknn::board_state(),
            .version = rt_->version.text + (sdk_.empty() ? "" : ", " + sdk_) + ", models in " + options().rknn_models};
  }

  void do_release() override {
    destroy_model();
  }

 private:
  void destroy_model() {
    if (rt_ && ctx_) rt_->model_destroy(ctx_), ctx_ = 0;
  }

  void check(int rc, const char* what) const {
    if (rc != 0) throw Error(fmt::format("{} returned {} ({})", what, rknn::error_name(rc), rc));
  }

  // The model's B is the ONNX file's; it must be the B this run verifies against.
  void check_b(const std::string& onnx_path, const HostMatrix& b) const {
#ifdef MMB_RKNPU_ONNX
    const OnnxMatmul model = read_matmul_onnx(onnx_path);
    if (model.m != p_.m || model.n != p_.n || model.k != p_.k)
      throw Error(fmt::format("{} is {}x{}x{}, its name says {}", onnx_path, model.m, model.n, model.k, p_.shape()));
    for (int64_t i = 0; i < p_.k * p_.n; ++i)
      if (f32_to_f16_bits(model.b[static_cast<size_t>(i)]) != b.as<uint16_t>()[i])
        throw Error(
            fmt::format("the B of {} (seed {}) is not this run's B (element {}): run with the --seed the "
                        "file was made with",
                        onnx_path, model.seed.empty() ? "unknown" : model.seed, i));
#else
    (void)onnx_path, (void)b;
    throw Error("built without libonnx");
#endif
  }

  void set_inputs_now() {
    rknn::Input in{};
    in.index = 0;
    in.buf = a_f32_.data();
    in.size = static_cast<uint32_t>(a_f32_.size() * sizeof(float));
    in.pass_through = 0;
    in.type = rknn::kTensorFloat32;
    in.fmt = in_fmt_;
    check(rt_->inputs_set(ctx_, 1, &in), "rknn_inputs_set");
  }

  void get_outputs() {
    rknn::Output out{};
    out.want_float = 1;
    out.is_prealloc = 1;  // straight into the host's C (float32)
    out.index = 0;
    out.buf = host_c_->data();
    out.size = static_cast<uint32_t>(p_.m * p_.n * sizeof(float));
    check(rt_->outputs_get(ctx_, 1, &out, nullptr), "rknn_outputs_get");
    rt_->outputs_release(ctx_, 1, &out);
  }

  const rknn::Runtime* rt_ = nullptr;
  bool e2e_ = false, perf_ok_ = false;
  Problem p_;
  HostMatrix* host_c_ = nullptr;
  rknn::Context ctx_ = 0;
  int32_t in_fmt_ = 0;
  std::vector<float> a_f32_;
  double device_s_ = 0;
  std::string sdk_;
  std::map<std::string, double> phases_;
  std::vector<std::string> notes_;
};

}  // namespace

std::unique_ptr<Backend> make_rknpu_model_backend() {
  return std::make_unique<RknpuModel>();
}

}  // namespace mmbench
