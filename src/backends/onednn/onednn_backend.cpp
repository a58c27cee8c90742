// onednn — oneDNN's matmul primitive (Debian's libdnnl, OpenMP runtime) in f32, bf16 (→ f32), f16 (→ f32) and
// s8×s8→s32, built as a module (mmbench-onednn.so). Weights use the plain `ab` layout (on the development machine
// it beat `any`, machine-notes.md). The implementation oneDNN picked (impl_info_str: "gemm:jit", "brg:avx512_core",
// "ref:any") is part of the version string of every record, so a slow reference fallback is visible; a dtype with
// no implementation on this CPU is `unsupported` with oneDNN's own message.
#include <omp.h>

#include <map>
#include <vector>

#include <fmt/format.h>
#include <oneapi/dnnl/dnnl.hpp>

#include "mmbench/backend.hpp"
#include "mmbench/error.hpp"
#include "mmbench/module_backend.hpp"

namespace mmbench {
namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

struct Types {
  dt src, wei, dst;
};

std::optional<Types> types_of(DType d) {
  switch (d) {
    case DType::f32:
      return Types{dt::f32, dt::f32, dt::f32};
    case DType::bf16:
      return Types{dt::bf16, dt::bf16, dt::f32};
    case DType::f16:
      return Types{dt::f16, dt::f16, dt::f32};
    case DType::i8:
      return Types{dt::s8, dt::s8, dt::s32};
    default:
      return std::nullopt;
  }
}

class OnednnBackend final : public Backend {
 public:
  OnednnBackend()
      : Backend({.name = "onednn",
                 .library = "oneDNN",
                 .dtypes = {DType::f32, DType::bf16, DType::f16, DType::i8},
                 .modes = kHostModes}) {}

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    const dnnl_version_t* v = dnnl_version();
    found.version = fmt::format("{}.{}.{} ({})", v->major, v->minor, v->patch,
                                v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : "threads");
    return std::nullopt;
  }

  std::optional<std::string> do_unsupported_reason(const Problem& p) const override {
    const auto t = types_of(p.dtype);
    if (!t) return fmt::format("onednn measures f32, bf16, f16 and i8 (s8xs8->s32), not {}", to_string(p.dtype));
    // oneDNN decides per CPU: ask it for a primitive of this dtype (cheap, cached by dtype).
    auto it = support_.find(p.dtype);
    if (it == support_.end()) {
      std::string why;
      try {
        (void)make_pd({8, 8, 8, p.dtype});
      } catch (const dnnl::error& e) {
        why = fmt::format("oneDNN has no {} matmul on this CPU ({})", to_string(p.dtype), e.what());
      }
      it = support_.emplace(p.dtype, why).first;
    }
    if (!it->second.empty()) return it->second;
    return std::nullopt;
  }

  int do_set_threads(int requested) override {
    omp_set_num_threads(requested);
    return omp_get_max_threads();
  }

  void do_prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) override {
    p_ = p;
    host_c_ = &c;
    pd_ = make_pd(p);
    impl_ = pd_.impl_info_str();
    prim_ = dnnl::matmul(pd_);
    const Types t = *types_of(p.dtype);
    a_ = dnnl::memory({{p.m, p.k}, t.src, tag::ab}, eng_, const_cast<void*>(a.data()));
    b_ = dnnl::memory({{p.k, p.n}, t.wei, tag::ab}, eng_, const_cast<void*>(b.data()));
    if (p.dtype == DType::i8) {  // s32 results; the host keeps them as doubles (exact)
      c32_.assign(static_cast<size_t>(p.m * p.n), 0);
      c_ = dnnl::memory({{p.m, p.n}, dt::s32, tag::ab}, eng_, c32_.data());
    } else {
      c_ = dnnl::memory({{p.m, p.n}, dt::f32, tag::ab}, eng_, c.data());
    }
  }
  void do_set_inputs(const HostMatrix& a, const HostMatrix& b) override {
    a_.set_data_handle(const_cast<void*>(a.data()));
    b_.set_data_handle(const_cast<void*>(b.data()));
  }
  void do_run() override { prim_.execute(stream_, {{DNNL_ARG_SRC, a_}, {DNNL_ARG_WEIGHTS, b_}, {DNNL_ARG_DST, c_}}); }
  void do_synchronize() override { stream_.wait(); }
  void do_read_result() override {
    if (p_.dtype == DType::i8)
      for (size_t i = 0; i < c32_.size(); ++i) host_c_->as<double>()[i] = c32_[i];
  }
  // The implementation oneDNN chose for this point ("brg:avx512_core") is known only after prepare.
  PointReport do_report() override { return {.version = facts().version + ", impl " + impl_}; }

 private:
  dnnl::matmul::primitive_desc make_pd(const Problem& p) const {
    const Types t = *types_of(p.dtype);
    const dnnl::memory::desc a({p.m, p.k}, t.src, tag::ab), b({p.k, p.n}, t.wei, tag::ab),
        c({p.m, p.n}, t.dst, tag::ab);
    return dnnl::matmul::primitive_desc(dnnl::matmul::desc(a, b, c), eng_);
  }

  dnnl::engine eng_{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream_{eng_};
  mutable std::map<DType, std::string> support_;
  Problem p_;
  HostMatrix* host_c_ = nullptr;
  dnnl::matmul::primitive_desc pd_;
  dnnl::matmul prim_;
  dnnl::memory a_, b_, c_;
  std::vector<int32_t> c32_;
  std::string impl_;
};

}  // namespace
}  // namespace mmbench

MMBENCH_MODULE_ENTRY {
  return new mmbench::OnednnBackend();
}
