// rknpu:matmul* — rknn_matmul_* on the RK3588's NPU. The library is dlopen'ed (MMBENCH_RKNN_LIB or `run --rknn-lib`,
// default "librknnrt.so"); its version is read from the "librknnrt version: X.Y.Z" string the runtime carries (or
// MMBENCH_RKNN_VERSION) and decides the rknn_matmul_info layout (1.5.x, 1.6.0, 2.0, 2.1+). Types: f16, i8, i4 and
// the mixed f16xi8, f16xi4 (kTypes below). Layouts, one backend each so they line up side by side: NORM A/B/C,
// NATIVE A/B/C, B NATIVE with A/C NORM, B TP_NORM (N x K) with A/C NORM; A and C are converted here, B by the
// runtime's reorder helper. Core mask: the @coreX variants (or MMBENCH_RKNN_CORE_MASK); the driver's load file shows
// which cores really ran, and a silent fallback is a note. Phases: create, b_upload, a_copy (in prepare), run (the
// samples), core_check, c_copy (read_result); mode e2e puts the A copy and C copy-out inside every call. Shapes are
// checked against the RK3588 rules before any call. Tested here only against the runtime double under tests/doubles.
#include "backends/rknpu/rknpu_backend.hpp"

#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "backends/rknpu/native_layout.hpp"
#include "backends/rknpu/rknn_abi.hpp"
#include "backends/rknpu/runtime.hpp"
#include "mmbench/error.hpp"

namespace mmbench {

namespace {

using Clock = std::chrono::steady_clock;
using rknn::Runtime;
using rknn::sys_path;
using rknn::Version;

// Per dtype: the matmul type, element widths of A, B and C, whether A and C are float, the RK3588 N alignment
// (K: 32 for every type) and the first runtime that offers the type (rknn-abi.md: INT4 from 1.6.0; the mixed
// types with the 2.x quantisation fields — our reading of the version table).
struct TypeSpec {
  DType dtype;
  int32_t matmul_type, a_bits, b_bits, c_bits;
  bool float_c;
  int64_t n_align;
  int min_major, min_minor;
  const char* text;
};
constexpr TypeSpec kTypes[] = {
    {DType::f16, rknn::kFp16xFp16ToFp32, 16, 16, 32, true, 16, 1, 5, "FP16xFP16->FP32"},
    {DType::i8, rknn::kInt8xInt8ToInt32, 8, 8, 32, false, 32, 1, 5, "INT8xINT8->INT32"},
    {DType::i4, rknn::kInt4xInt4ToInt16, 4, 4, 16, false, 64, 1, 6, "INT4xINT4->INT16"},
    {DType::f16xi8, rknn::kFp16xInt8ToFp32, 16, 8, 32, true, 32, 2, 0, "FP16xINT8->FP32"},
    {DType::f16xi4, rknn::kFp16xInt4ToFp32, 16, 4, 32, true, 64, 2, 0, "FP16xINT4->FP32"},
};
const TypeSpec* type_spec(DType d) {
  for (const auto& t : kTypes)
    if (t.dtype == d) return &t;
  return nullptr;
}

struct Variant {
  std::string name;
  int32_t b_layout, ac_layout;
  int core_mask;  // -1: the runtime's default (or MMBENCH_RKNN_CORE_MASK)
};

const char* layout_text(int32_t l) {
  return l == rknn::kLayoutNative ? "NATIVE" : l == rknn::kLayoutTpNorm ? "TP_NORM" : "NORM";
}

// "Core0: 45%, Core1: 0%, Core2: 0%" (the vendor driver's load file) -> load per core; empty when unreadable.
std::vector<int> parse_load(const std::string& text) {
  std::vector<int> load;
  for (size_t at = text.find("Core"); at != std::string::npos; at = text.find("Core", at + 4)) {
    int core = -1, pct = -1;
    if (std::sscanf(text.c_str() + at, "Core%d: %d%%", &core, &pct) == 2 && core >= 0 && core < 8) {
      if (load.size() <= static_cast<size_t>(core)) load.resize(core + 1, 0);
      load[core] = pct;
    }
  }
  return load;
}

std::string cores_text(unsigned mask) {
  std::string s;
  for (int i = 0; i < 16; ++i)
    if (mask & (1u << i)) s.append(s.empty() ? "" : ",").append(std::to_string(i));
  return s.empty() ? "none" : s;
}

class RknpuMatmul final : public Backend {
 public:
  explicit RknpuMatmul(Variant v)
      : Backend({.name = v.name,
                 .library = "Rockchip RKNN runtime (matmul API)",
                 .dtypes = all_dtypes_of_types(),
                 .modes = {Mode::hot, Mode::e2e}}),
        v_(std::move(v)) {}
  ~RknpuMatmul() override { free_point(); }

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    found.device = {.kind = DeviceKind::npu, .vendor = "Rockchip"};
    Unusable why;
    rt_ = rknn::load_runtime(options().rknn_lib, options().rknn_version, why);
    if (!rt_) return why;
    found.version = fmt::format("{} (matmul_info layout {}, B {}, A/C {}{})", rt_->version.text, layout_name(),
                                layout_text(v_.b_layout), layout_text(v_.ac_layout),
                                mask() >= 0 ? fmt::format(", core mask {:#x}", mask()) : "");
    found.path = rt_->path;
    found.device = rknn::npu_identity(rt_->version);
    if (auto missing = rt_->missing_matmul_api()) return Unusable{ProbeCode::other, *missing};
    // Is there a device? A tiny context answers it (RKNN_ERR_DEVICE_UNAVAILABLE without the vendor driver).
    rknn::MatmulIoAttr io{};
    rknn::Context ctx = 0;
    std::vector<unsigned char> info = make_info({1, 32, 32, DType::f16}, /*norm=*/true);  // any layout refusal
    const int rc = rt_->create(&ctx, info.data(), &io);
    if (rc != 0)
      return Unusable{ProbeCode::no_device,
                      fmt::format("no usable NPU: rknn_matmul_create returned {} ({})", rknn::error_name(rc), rc)};
    rt_->destroy(ctx);
    return std::nullopt;
  }

  std::optional<std::string> do_unsupported_reason(const Problem& p) const override {
    const TypeSpec* t = type_spec(p.dtype);
    if (!t) return fmt::format("{} measures f16, i8, i4, f16xi8 and f16xi4, not {}", v_.name, to_string(p.dtype));
    if (rt_ && !rt_->version.at_least(t->min_major, t->min_minor))
      return fmt::format("{} ({}) needs runtime {}.{} or later, this is {}", to_string(p.dtype), t->text, t->min_major,
                         t->min_minor, rt_->version.text);
    // RK3588 rules (rknn-abi.md): K and N alignment per type, K limit per version.
    const int64_t k_max = rt_ && !rt_->version.at_least(1, 6) ? 4096 : 10240;
    if (p.k % 32) return fmt::format("K = {} is not a multiple of 32 (RK3588 {} rule)", p.k, to_string(p.dtype));
    if (p.n % t->n_align)
      return fmt::format("N = {} is not a multiple of {} (RK3588 {} rule)", p.n, t->n_align, to_string(p.dtype));
    if (p.k > k_max) return fmt::format("K = {} exceeds this runtime's limit of {}", p.k, k_max);
    if (p.m > 0x7fffffff || p.n > 0x7fffffff) return std::string("dimension beyond int32");
    if (v_.b_layout == rknn::kLayoutNative && rt_ && !rt_->b_to_native)
      return std::string("this runtime has no rknn_B_normal_layout_to_native_layout (B reorder helper)");
    if (v_.b_layout == rknn::kLayoutTpNorm && rt_ && !rt_->version.at_least(2, 0))
      return fmt::format(
          "B layout TP_NORM needs runtime 2.0 or later (rknn_matmul_info gained the layout enum), "
          "this is {}",
          rt_->version.text);
    return std::nullopt;
  }

  void do_set_mode(Mode mode) override { e2e_ = mode == Mode::e2e; }

  void do_prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) override {
    free_point();
    p_ = p;
    spec_ = type_spec(p.dtype);
    if (!spec_) throw Error("unsupported dtype");
    host_a_ = &a;
    host_c_ = &c;
    notes_.clear();
    phases_.clear();
    cores_busy_.clear();
    auto t = Clock::now();
    std::vector<unsigned char> info = make_info(p);
    io_ = rknn::MatmulIoAttr{};
    check(rt_->create(&ctx_, info.data(), &io_), "rknn_matmul_create");
    phases_["create"] = rknn::seconds_since(t);
    if (mask() >= 0)
      if (const int rc = rt_->set_core_mask(ctx_, mask()); rc != 0)
        notes_.push_back(
            fmt::format("core mask {:#x} refused ({}): ran with the runtime's default", mask(), rknn::error_name(rc)));
    a_mem_ = alloc(io_.A.size, "A");
    b_mem_ = alloc(io_.B.size, "B");
    c_mem_ = alloc(io_.C.size, "C");
    t = Clock::now();
    if (io_.B.size < b.size_bytes()) throw Error("the runtime sized B smaller than K x N");
    if (v_.b_layout == rknn::kLayoutNative)  // the library's own reorder of B
      check(rt_->b_to_native(const_cast<void*>(b.data()), b_mem_->virt_addr, static_cast<int>(p.k),
                             static_cast<int>(p.n), info.data()),
            "rknn_B_normal_layout_to_native_layout");
    else if (v_.b_layout == rknn::kLayoutTpNorm)  // N x K: a PyTorch Linear's weight as stored
      rknn::transpose(b.data(), b_mem_->virt_addr, p.k, p.n, spec_->b_bits);
    else
      std::memcpy(b_mem_->virt_addr, b.data(), b.size_bytes());
    check(rt_->set_io_mem(ctx_, b_mem_, &io_.B), "rknn_matmul_set_io_mem(B)");
    phases_["b_upload"] = rknn::seconds_since(t);
    t = Clock::now();
    put_a();
    check(rt_->set_io_mem(ctx_, a_mem_, &io_.A), "rknn_matmul_set_io_mem(A)");
    check(rt_->set_io_mem(ctx_, c_mem_, &io_.C), "rknn_matmul_set_io_mem(C)");
    phases_["a_copy"] = rknn::seconds_since(t);
  }

  void do_run() override {
    if (e2e_) put_a();
    check(rt_->run(ctx_), "rknn_matmul_run");
    if (e2e_) copy_out();
  }

  void do_read_result() override {
    auto t = Clock::now();
    check_cores();
    phases_["core_check"] = rknn::seconds_since(t);
    t = Clock::now();
    copy_out();
    phases_["c_copy"] = rknn::seconds_since(t);
  }

  // Phases, notes, the board's state as the point ends and which NPU cores the driver saw busy.
  PointReport do_report() override {
    PointReport r{.phases_s = phases_, .notes = notes_, .device_state = rknn::board_state()};
    if (!cores_busy_.empty()) r.device_state["npu_cores_busy"] = reading_text(cores_busy_);
    return r;
  }

  void do_release() override { free_point(); }

 private:
  void free_point() {
    if (!rt_) return;
    for (rknn::TensorMem** m : {&a_mem_, &b_mem_, &c_mem_})
      if (*m) rt_->destroy_mem(ctx_, *m), *m = nullptr;
    if (ctx_) rt_->destroy(ctx_), ctx_ = 0;
  }

  static std::vector<DType> all_dtypes_of_types() {
    std::vector<DType> dtypes;
    for (const auto& t : kTypes) dtypes.push_back(t.dtype);
    return dtypes;
  }

  int mask() const {
    if (v_.core_mask >= 0) return v_.core_mask;
    if (const std::string& m = options().rknn_core_mask; !m.empty())
      return static_cast<int>(std::strtol(m.c_str(), nullptr, 0));
    return -1;
  }

  const char* layout_name() const {
    const Version& v = rt_->version;
    return v.at_least(2, 1) ? "2.1+" : v.at_least(2, 0) ? "2.0" : v.at_least(1, 6) ? "1.6" : "1.5";
  }

  // The rknn_matmul_info of this runtime's version, zeroed whole; norm: NORM layouts whatever the variant.
  std::vector<unsigned char> make_info(const Problem& p, bool norm = false) const {
    const int32_t m = static_cast<int32_t>(p.m), k = static_cast<int32_t>(p.k), n = static_cast<int32_t>(p.n);
    const TypeSpec* t = type_spec(p.dtype);
    const int32_t matmul_type = t ? t->matmul_type : rknn::kFp16xFp16ToFp32;
    const Version& v = rt_->version;
    const int16_t bl = static_cast<int16_t>(norm ? rknn::kLayoutNorm : v_.b_layout);
    const int16_t acl = static_cast<int16_t>(norm ? rknn::kLayoutNorm : v_.ac_layout);
    if (v.at_least(2, 1)) {
      rknn::MatmulInfoV21 i{};
      i.M = m, i.K = k, i.N = n, i.type = matmul_type, i.B_layout = bl, i.AC_layout = acl;
      return bytes(i);
    }
    if (v.at_least(2, 0)) {
      rknn::MatmulInfoV20 i{};
      i.M = m, i.K = k, i.N = n, i.type = matmul_type, i.B_layout = bl, i.AC_layout = acl;
      return bytes(i);
    }
    if (v.at_least(1, 6)) {
      rknn::MatmulInfoV16 i{};
      i.M = m, i.K = k, i.N = n, i.type = matmul_type, i.B_layout = bl, i.AC_layout = acl;
      return bytes(i);
    }
    rknn::MatmulInfoV15 i{};  // 1.5.x: a tensor type (FP16 = 1, INT8 = 2 coincide with the matmul types)
    i.M = m, i.K = k, i.N = n, i.type = p.dtype == DType::i8 ? rknn::kTensorInt8 : rknn::kTensorFloat16;
    i.native_layout = bl == rknn::kLayoutNative;
    i.perf_layout = acl == rknn::kLayoutNative;
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
  void put_a() {
    if (io_.A.size < host_a_->size_bytes()) throw Error("the runtime sized A smaller than M x K");
    if (v_.ac_layout == rknn::kLayoutNative) {
      if (spec_->a_bits == 4) std::memset(a_mem_->virt_addr, 0, io_.A.size);  // nibbles are or'ed in
      rknn::a_to_native(host_a_->data(), a_mem_->virt_addr, p_.m, p_.k, spec_->a_bits);
    } else {
      std::memcpy(a_mem_->virt_addr, host_a_->data(), host_a_->size_bytes());
    }
  }
  void copy_out() {
    const size_t count = static_cast<size_t>(p_.m * p_.n);
    const void* c = c_mem_->virt_addr;
    if (v_.ac_layout == rknn::kLayoutNative) {  // (N/4, M, 4) or (N/8, M, 8) -> row-major, then widen as below
      c_norm_.resize(count * static_cast<size_t>(spec_->c_bits / 8));
      rknn::c_from_native(c, c_norm_.data(), p_.m, p_.n, spec_->c_bits);
      c = c_norm_.data();
    }
    if (spec_->float_c) {  // fp32 C
      std::memcpy(host_c_->data(), c, count * sizeof(float));
    } else if (spec_->c_bits == 16) {  // int16 C (INT4 products); the host keeps doubles
      const auto* v = static_cast<const int16_t*>(c);
      for (size_t i = 0; i < count; ++i) host_c_->as<double>()[i] = v[i];
    } else {  // int32 C
      const auto* v = static_cast<const int32_t*>(c);
      for (size_t i = 0; i < count; ++i) host_c_->as<double>()[i] = v[i];
    }
  }

  // Which cores really ran? The vendor driver's load file (debugfs: root only) over ~0.1 s of extra calls; a
  // requested core that stayed idle while another worked is a silent fallback (rknn-toolkit2 issues 7 and 253).
  void check_cores() {
    const std::string path = sys_path("/sys/kernel/debug/rknpu/load");
    std::vector<int> peak;
    const auto t0 = Clock::now();
    for (int i = 0; i < 1000 && (i < 3 || rknn::seconds_since(t0) < 0.1); ++i) {
      if (rt_->run(ctx_) != 0) break;
      std::ifstream f(path);
      if (!f) break;
      std::stringstream ss;
      ss << f.rdbuf();
      const auto load = parse_load(ss.str());
      if (peak.size() < load.size()) peak.resize(load.size(), 0);
      for (size_t c = 0; c < load.size(); ++c) peak[c] = std::max(peak[c], load[c]);
    }
    if (peak.empty()) {
      if (mask() >= 0) notes_.push_back(fmt::format("core use not checked: {} unreadable (debugfs needs root)", path));
      return;
    }
    unsigned busy = 0;
    for (size_t c = 0; c < peak.size(); ++c)
      if (peak[c] > 0) busy |= 1u << c;
    cores_busy_ = cores_text(busy);
    const unsigned want = mask() > 0 ? static_cast<unsigned>(mask()) & ((1u << peak.size()) - 1) : 0;
    if (want && busy && (want & ~busy))
      notes_.push_back(
          fmt::format("silent fallback: core mask {:#x} asked for core(s) {}, the driver's load showed "
                      "only core(s) {} busy",
                      mask(), cores_text(want), cores_text(busy)));
  }

  const Runtime* rt_ = nullptr;
  Variant v_;
  const TypeSpec* spec_ = nullptr;
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
  std::string cores_busy_;  // "0,1,2": the cores the driver's load file showed busy ("" when unreadable)
};

}  // namespace

std::vector<RknpuVariant> rknpu_matmul_variants() {
  struct Layout {
    const char* suffix;
    int32_t b, ac;
  };
  const Layout layouts[] = {{"", rknn::kLayoutNorm, rknn::kLayoutNorm},
                            {"-native", rknn::kLayoutNative, rknn::kLayoutNative},
                            {"-bnative", rknn::kLayoutNative, rknn::kLayoutNorm},
                            {"-btrans", rknn::kLayoutTpNorm, rknn::kLayoutNorm}};
  struct Mask {
    const char* suffix;
    int mask;
  };
  const Mask masks[] = {{"", -1},
                        {"@core0", rknn::kCore0},
                        {"@core1", rknn::kCore1},
                        {"@core2", rknn::kCore2},
                        {"@core01", rknn::kCore01},
                        {"@core012", rknn::kCore012}};
  std::vector<RknpuVariant> out;
  for (const auto& l : layouts)
    for (const auto& m : masks) {
      Variant v{std::string("rknpu:matmul") + l.suffix + m.suffix, l.b, l.ac, m.mask};
      out.push_back({v.name, m.mask >= 0, [v] { return std::unique_ptr<Backend>(std::make_unique<RknpuMatmul>(v)); }});
    }
  return out;
}

}  // namespace mmbench
