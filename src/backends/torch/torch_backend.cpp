// torch — PyTorch's C++ tensor library (Debian's libtorch), the original experiment's "PyTorch" column: at::mm_out
// on tensors viewing the host buffers (torch::mm would allocate its output each call, machine-notes.md), built as
// a module (mmbench-torch.so: libtorch is 120 MB and no other worker should load it). f32, and bf16/f16 where
// this libtorch implements them on the CPU (1.13 has no f16 matmul on CPU: `unsupported` with torch's message).
// libtorch defaults to one intra-op thread: set_threads() sets it and reports what torch will use.
#include <map>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <fmt/format.h>
#include <torch/version.h>

#include "mmbench/backend.hpp"
#include "mmbench/error.hpp"
#include "mmbench/module_backend.hpp"

namespace mmbench {
namespace {

std::optional<at::ScalarType> scalar_of(DType d) {
  switch (d) {
    case DType::f32:
      return at::kFloat;
    case DType::bf16:
      return at::kBFloat16;
    case DType::f16:
      return at::kHalf;
    case DType::f64:
      return at::kDouble;
    default:
      return std::nullopt;
  }
}

class TorchBackend final : public Backend {
 public:
  TorchBackend()
      : Backend({.name = "torch",
                 .library = "PyTorch (libtorch)",
                 .dtypes = {DType::f64, DType::f32, DType::bf16, DType::f16},
                 .modes = kHostModes}) {}

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    found.version = TORCH_VERSION;
    return std::nullopt;
  }

  std::optional<std::string> do_unsupported_reason(const Problem& p) const override {
    const auto s = scalar_of(p.dtype);
    if (!s) return fmt::format("torch measures f64, f32, bf16 and f16, not {}", to_string(p.dtype));
    auto it = support_.find(p.dtype);
    if (it == support_.end()) {  // ask torch itself with a tiny product
      std::string why;
      try {
        const auto t = at::ones({2, 2}, at::TensorOptions().dtype(*s));
        (void)at::mm(t, t);
      } catch (const c10::Error& e) {
        const std::string msg = e.what_without_backtrace();
        why = fmt::format("libtorch {} has no CPU matmul in {} ({})", TORCH_VERSION, to_string(p.dtype),
                          msg.substr(0, msg.find('\n')));
      }
      it = support_.emplace(p.dtype, why).first;
    }
    if (!it->second.empty()) return it->second;
    return std::nullopt;
  }

  int do_set_threads(int requested) override {
    at::set_num_threads(requested);
    return at::get_num_threads();
  }

  void do_prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) override {
    p_ = p;
    host_c_ = &c;
    const auto opt = at::TensorOptions().dtype(*scalar_of(p.dtype));
    a_ = at::from_blob(const_cast<void*>(a.data()), {p.m, p.k}, opt);
    b_ = at::from_blob(const_cast<void*>(b.data()), {p.k, p.n}, opt);
    // f32/f64 results land in the host buffer itself; 16-bit ones in a tensor of their type, widened afterwards.
    if (p.dtype == DType::f32 || p.dtype == DType::f64)
      c_ = at::from_blob(c.data(), {p.m, p.n}, opt);
    else
      c_ = at::empty({p.m, p.n}, opt);
  }
  void do_set_inputs(const HostMatrix& a, const HostMatrix& b) override {
    const auto opt = at::TensorOptions().dtype(*scalar_of(p_.dtype));
    a_ = at::from_blob(const_cast<void*>(a.data()), {p_.m, p_.k}, opt);
    b_ = at::from_blob(const_cast<void*>(b.data()), {p_.k, p_.n}, opt);
  }
  void do_run() override { at::mm_out(c_, a_, b_); }
  void do_read_result() override {
    if (p_.dtype == DType::bf16 || p_.dtype == DType::f16) {
      const at::Tensor wide = c_.to(at::kFloat).contiguous();
      std::memcpy(host_c_->data(), wide.data_ptr<float>(), static_cast<size_t>(p_.m * p_.n) * sizeof(float));
    }
  }
  void do_release() override { a_ = b_ = c_ = at::Tensor(); }

 private:
  mutable std::map<DType, std::string> support_;
  Problem p_;
  HostMatrix* host_c_ = nullptr;
  at::Tensor a_, b_, c_;
};

}  // namespace
}  // namespace mmbench

MMBENCH_MODULE_ENTRY {
  return new mmbench::TorchBackend();
}
