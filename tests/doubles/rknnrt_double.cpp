// Test double of Rockchip's librknnrt.so (matmul API only), built once per runtime version it imitates
// (MMB_DOUBLE_VERSION: 1.5.2, 1.6.0, 2.0.0, 2.1.0). It behaves as shared/rknn-abi.md documents: the info struct of
// its version (2.x refuses non-zero reserved bytes), RK3588 shape rules, io attributes with byte sizes, CPU-visible
// memory, real arithmetic (FP16xFP16->FP32, INT8xINT8->INT32, INT4xINT4->INT16 from 1.6, FP16xINT8->FP32 and
// FP16xINT4->FP32 from 2.0) in the NORM, TP_NORM (B, from 2.0) and RK3588 NATIVE layouts (with the B reorder helper),
// error codes, and the driver's load file (under MMBENCH_RKNPU_SYSFS_ROOT, when set) showing the cores a run used.
// The model API too, for .rknn files of its own format (a header line "MMBENCH-RKNN-DOUBLE M N K" and B as fp16,
// written by the tests in place of rknn-toolkit2): fp16 input and output, inputs_set converting float32, outputs_get
// with want_float, PERF_RUN from its own clock, SDK_VERSION.
// Faults chosen by MMBENCH_RKNN_FAULT: nodevice (create returns -3), zero (C all zeros), crash (SIGSEGV in run),
// hang (run never returns), refuse-mask (set_core_mask returns -5), fallback (a mask is accepted, core 0 runs).
// Lives under tests/ only: the product never ships or lists it.
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "backends/rknpu/native_layout.hpp"
#include "backends/rknpu/rknn_abi.hpp"

using namespace mmbench::rknn;

// The string the real runtime carries and prints; the backend reads the version from it.
extern "C" __attribute__((used, visibility("default"))) const char mmb_rknn_version_string[] =
    "librknnrt version: " MMB_DOUBLE_VERSION " (mmbench test double)";

namespace {

bool fault(const char* name) {
  const char* f = std::getenv("MMBENCH_RKNN_FAULT");
  return f && std::strstr(f, name);
}
int version_major() {
  return MMB_DOUBLE_VERSION[0] - '0';
}
int version_minor() {
  return MMB_DOUBLE_VERSION[2] - '0';
}
bool at_least(int a, int b) {
  return version_major() > a || (version_major() == a && version_minor() >= b);
}

// The double's own table of the documented types: element bits of A, B, C; float A; N alignment on RK3588.
struct Type {
  int32_t id;
  int a_bits, b_bits, c_bits;
  bool float_a, float_b;
  int32_t n_align;
  int min_major, min_minor;
};
constexpr Type kTypes[] = {{1, 16, 16, 32, true, true, 16, 1, 5},
                           {2, 8, 8, 32, false, false, 32, 1, 5},
                           {10, 4, 4, 16, false, false, 64, 1, 6},
                           {5, 16, 8, 32, true, false, 32, 2, 0},
                           {7, 16, 4, 32, true, false, 64, 2, 0}};
int32_t tensor_type(int bits, bool is_float) {
  if (is_float) return bits == 32 ? 0 : 1;
  return bits == 4 ? 10 : bits == 8 ? 2 : bits == 16 ? 4 : 6;
}

struct State {
  int32_t m = 0, k = 0, n = 0;
  Type type{};
  int32_t b_layout = 0, ac_layout = 0;
  TensorMem *a = nullptr, *b = nullptr, *c = nullptr;
  int core_mask = 0;
};

float half_to_float(uint16_t h) {
#if defined(__aarch64__)
  __fp16 v;
#else
  _Float16 v;
#endif
  std::memcpy(&v, &h, 2);
  return static_cast<float>(v);
}

// Element i of a buffer of `bits`, as a number (fp16 decoded when is_float).
double element(const void* p, size_t i, int bits, bool is_float) {
  switch (bits) {
    case 4: {
      const unsigned char byte = static_cast<const unsigned char*>(p)[i / 2];
      const int nib = (i & 1) ? byte >> 4 : byte & 0xf;
      return nib >= 8 ? nib - 16 : nib;
    }
    case 8:
      return static_cast<const int8_t*>(p)[i];
    case 16:
      return is_float ? half_to_float(static_cast<const uint16_t*>(p)[i]) : static_cast<const int16_t*>(p)[i];
    default:
      return is_float ? static_cast<const float*>(p)[i] : static_cast<const int32_t*>(p)[i];
  }
}

// What the vendor driver's debugfs load file would show after a run on these cores.
void write_load(unsigned cores) {
  const char* root = std::getenv("MMBENCH_RKNPU_SYSFS_ROOT");
  if (!root || !*root) return;
  std::ofstream f(std::string(root) + "/sys/kernel/debug/rknpu/load");
  f << "NPU load:  Core0: " << ((cores & 1) ? 100 : 0) << "%, Core1: " << ((cores & 2) ? 100 : 0)
    << "%, Core2: " << ((cores & 4) ? 100 : 0) << "%,\n";
}

void attr(MatmulTensorAttr& t, const char* name, uint32_t r, uint32_t c, uint32_t elem, int32_t type) {
  std::memset(&t, 0, sizeof t);
  std::strncpy(t.name, name, sizeof t.name - 1);
  t.n_dims = 2, t.dims[0] = r, t.dims[1] = c, t.size = r * c * elem, t.type = type;
}

}  // namespace

extern "C" {

int rknn_matmul_create(Context* ctx, void* info, MatmulIoAttr* io) {
  if (fault("nodevice")) return -3;
  if (!ctx || !info || !io) return -5;
  int32_t m, k, n, type, b_layout = 0, ac_layout = 0;
  if (at_least(2, 0)) {
    const auto* i = static_cast<const MatmulInfoV21*>(info);  // 2.0 and 2.1 share the first 28 bytes
    const auto* raw = static_cast<const unsigned char*>(info);
    for (size_t off = at_least(2, 1) ? 30 : 28; off < 64; ++off)
      if (raw[off]) return -5;  // uninitialised reserved bytes: what breaks the real 2.x runtime
    m = i->M, k = i->K, n = i->N, type = i->type, b_layout = i->B_layout, ac_layout = i->AC_layout;
  } else {
    const auto* i = static_cast<const MatmulInfoV16*>(info);  // 1.5 and 1.6 share the layout (type meaning differs)
    m = i->M, k = i->K, n = i->N, type = i->type, b_layout = i->B_layout, ac_layout = i->AC_layout;
  }
  if (!at_least(1, 6)) {  // 1.5.x: native_layout (B) and perf_layout (A, C) flags in the same slots
    b_layout = b_layout ? kLayoutNative : kLayoutNorm, ac_layout = ac_layout ? kLayoutNative : kLayoutNorm;
  }
  const Type* t = nullptr;  // 1.5's tensor types FP16=1, INT8=2 coincide with the matmul types
  for (const auto& c : kTypes)
    if (c.id == type && at_least(c.min_major, c.min_minor)) t = &c;
  if (!t) return -5;
  const bool tp_ok = at_least(2, 0);
  if ((b_layout != kLayoutNorm && b_layout != kLayoutNative && !(tp_ok && b_layout == kLayoutTpNorm)) ||
      (ac_layout != kLayoutNorm && ac_layout != kLayoutNative))
    return -5;
  if (m < 1 || k < 1 || n < 1 || k % 32 || n % t->n_align || k > (at_least(1, 6) ? 10240 : 4096)) return -5;
  auto* s = new State{m, k, n, *t, b_layout, ac_layout};
  const auto bytes = [](int64_t count, int bits) { return static_cast<uint32_t>((count * bits + 7) / 8); };
  attr(io->A, "A", m, k, 0, tensor_type(t->a_bits, t->float_a));
  io->A.size = bytes(int64_t{m} * k, t->a_bits);
  attr(io->B, "B", k, n, 0, tensor_type(t->b_bits, t->float_b));
  if (b_layout == kLayoutTpNorm) io->B.dims[0] = n, io->B.dims[1] = k;
  io->B.size = bytes(int64_t{k} * n, t->b_bits);
  attr(io->C, "C", m, n, 0, tensor_type(t->c_bits, t->float_a));
  io->C.size = bytes(int64_t{m} * n, t->c_bits);
  *ctx = reinterpret_cast<Context>(s);
  return 0;
}

int rknn_matmul_set_io_mem(Context ctx, TensorMem* mem, MatmulTensorAttr* a) {
  auto* s = reinterpret_cast<State*>(ctx);
  if (!s || !mem || !a) return -7;
  if (mem->size < a->size) return -5;
  if (!std::strcmp(a->name, "A"))
    s->a = mem;
  else if (!std::strcmp(a->name, "B"))
    s->b = mem;
  else if (!std::strcmp(a->name, "C"))
    s->c = mem;
  else
    return -5;
  return 0;
}

int rknn_matmul_set_core_mask(Context ctx, int mask) {
  if (!ctx) return -7;
  if (fault("refuse-mask")) return -5;
  reinterpret_cast<State*>(ctx)->core_mask = fault("fallback") ? kCore0 : mask;
  return 0;
}

int rknn_matmul_run(Context ctx) {
  auto* s = reinterpret_cast<State*>(ctx);
  if (!s || !s->a || !s->b || !s->c) return -7;
  if (fault("crash")) std::raise(SIGSEGV);
  if (fault("hang"))
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  if (fault("zero")) {
    std::memset(s->c->virt_addr, 0, s->c->size);
    return 0;
  }
  // Element positions in the layouts this context was created with.
  const Type& t = s->type;
  auto ai = [&](int32_t i, int32_t l) {
    return s->ac_layout == kLayoutNative ? native_a_index(i, l, s->m, a_block(t.a_bits))
                                         : static_cast<size_t>(i) * s->k + l;
  };
  auto bi = [&](int32_t l, int32_t j) {
    if (s->b_layout == kLayoutNative) return native_b_index(l, j, s->k, b_nblock(t.b_bits));
    if (s->b_layout == kLayoutTpNorm) return static_cast<size_t>(j) * s->k + l;
    return static_cast<size_t>(l) * s->n + j;
  };
  auto ci = [&](int32_t i, int32_t j) {
    return s->ac_layout == kLayoutNative ? native_c_index(i, j, s->m, c_block(t.c_bits))
                                         : static_cast<size_t>(i) * s->n + j;
  };
  const void *a = s->a->virt_addr, *b = s->b->virt_addr;
  void* c = s->c->virt_addr;
  for (int32_t i = 0; i < s->m; ++i)
    for (int32_t j = 0; j < s->n; ++j) {
      if (t.float_a) {  // fp32 accumulation
        float acc = 0;
        for (int32_t l = 0; l < s->k; ++l)
          acc += static_cast<float>(element(a, ai(i, l), t.a_bits, true) * element(b, bi(l, j), t.b_bits, t.float_b));
        static_cast<float*>(c)[ci(i, j)] = acc;
      } else {
        int32_t acc = 0;
        for (int32_t l = 0; l < s->k; ++l)
          acc += static_cast<int32_t>(element(a, ai(i, l), t.a_bits, false) * element(b, bi(l, j), t.b_bits, false));
        if (t.c_bits == 16)
          static_cast<int16_t*>(c)[ci(i, j)] = static_cast<int16_t>(acc);
        else
          static_cast<int32_t*>(c)[ci(i, j)] = acc;
      }
    }
  write_load(s->core_mask == 0 ? static_cast<unsigned>(kCore0) : static_cast<unsigned>(s->core_mask) & 7u);
  return 0;
}

// The reorder helper for B (2.x signature): NORM (K x N) to the RK3588 native layout of the info's type.
int rknn_B_normal_layout_to_native_layout(void* b_in, void* b_out, int K, int N, void* info) {
  if (!b_in || !b_out || !info || K % 32) return -5;
  const int32_t type = static_cast<const int32_t*>(info)[3];
  const Type* t = nullptr;
  for (const auto& c : kTypes)
    if (c.id == type) t = &c;
  if (!t || N % t->n_align) return -5;
  if (t->b_bits == 4) std::memset(b_out, 0, (static_cast<size_t>(K) * N + 1) / 2);
  for (int k = 0; k < K; ++k)
    for (int n = 0; n < N; ++n)
      copy_element(b_in, static_cast<size_t>(k) * N + n, b_out, native_b_index(k, n, K, b_nblock(t->b_bits)),
                   t->b_bits);
  return 0;
}

int rknn_matmul_destroy(Context ctx) {
  delete reinterpret_cast<State*>(ctx);
  return 0;
}

TensorMem* rknn_create_mem(Context, uint32_t size) {
  auto* m = new TensorMem{};
  m->virt_addr = std::aligned_alloc(64, (size + 63) / 64 * 64 + 64);
  m->size = size;
  m->fd = -1;
  return m;
}

int rknn_destroy_mem(Context, TensorMem* m) {
  if (!m) return -5;
  std::free(m->virt_addr);
  delete m;
  return 0;
}

// ---- model API ----

struct Model {
  int32_t m = 0, n = 0, k = 0;
  std::vector<uint16_t> b, a;  // fp16
  std::vector<float> c;        // fp16 values, held as float
  int64_t perf_us = 0;
};

int rknn_init(Context* ctx, void* model, uint32_t size, uint32_t, void*) {
  if (fault("nodevice")) return -3;
  if (!ctx || !model || size != 0) return -5;  // the double reads files only
  std::ifstream f(static_cast<const char*>(model), std::ios::binary);
  std::string tag;
  auto* md = new Model;
  if (!(f >> tag >> md->m >> md->n >> md->k) || tag != "MMBENCH-RKNN-DOUBLE" || md->m < 1 || md->n < 1 || md->k < 1) {
    delete md;
    return -6;
  }
  f.get();  // the newline
  md->b.resize(static_cast<size_t>(md->k) * md->n);
  if (!f.read(reinterpret_cast<char*>(md->b.data()), static_cast<std::streamsize>(md->b.size() * 2))) {
    delete md;
    return -6;
  }
  md->a.assign(static_cast<size_t>(md->m) * md->k, 0);
  md->c.assign(static_cast<size_t>(md->m) * md->n, 0.f);
  *ctx = reinterpret_cast<Context>(md);
  return 0;
}

int rknn_destroy(Context ctx) {
  delete reinterpret_cast<Model*>(ctx);
  return 0;
}

int rknn_set_core_mask(Context ctx, int) {
  return ctx ? (fault("refuse-mask") ? -5 : 0) : -7;
}

int rknn_query(Context ctx, int cmd, void* out, uint32_t size) {
  auto* md = reinterpret_cast<Model*>(ctx);
  if (!md || !out) return -7;
  auto tensor = [&](uint32_t r, uint32_t c) {
    if (size < sizeof(TensorAttr)) return -5;
    auto* t = static_cast<TensorAttr*>(out);
    if (t->index != 0) return -5;
    std::memset(t, 0, sizeof *t);
    t->n_dims = 2, t->dims[0] = r, t->dims[1] = c, t->n_elems = r * c, t->size = r * c * 2;
    t->fmt = 3, t->type = kTensorFloat16;
    return 0;
  };
  switch (cmd) {
    case kQueryInOutNum:
      if (size < sizeof(InputOutputNum)) return -5;
      *static_cast<InputOutputNum*>(out) = {1, 1};
      return 0;
    case kQueryInputAttr:
      return tensor(md->m, md->k);
    case kQueryOutputAttr:
      return tensor(md->m, md->n);
    case kQueryPerfRun:
      if (size < sizeof(PerfRun)) return -5;
      static_cast<PerfRun*>(out)->run_duration = md->perf_us;
      return 0;
    case kQuerySdkVersion: {
      if (size < sizeof(SdkVersion)) return -5;
      auto* v = static_cast<SdkVersion*>(out);
      std::memset(v, 0, sizeof *v);
      std::strcpy(v->api_version, MMB_DOUBLE_VERSION " (test double)");
      std::strcpy(v->drv_version, "0.9.6 (test double)");
      return 0;
    }
    default:
      return -5;
  }
}

int rknn_inputs_set(Context ctx, uint32_t n, Input* in) {
  auto* md = reinterpret_cast<Model*>(ctx);
  if (!md) return -7;
  if (n != 1 || !in || in->index != 0 || !in->buf) return -8;
  const size_t count = md->a.size();
  if (in->pass_through || in->type == kTensorFloat16) {
    if (in->size < count * 2) return -8;
    std::memcpy(md->a.data(), in->buf, count * 2);
  } else if (in->type == kTensorFloat32) {
    if (in->size < count * 4) return -8;
    const auto* v = static_cast<const float*>(in->buf);
    for (size_t i = 0; i < count; ++i) {
#if defined(__aarch64__)
      const __fp16 h = static_cast<__fp16>(v[i]);
#else
      const _Float16 h = static_cast<_Float16>(v[i]);
#endif
      std::memcpy(&md->a[i], &h, 2);
    }
  } else {
    return -8;
  }
  return 0;
}

int rknn_run(Context ctx, void*) {
  auto* md = reinterpret_cast<Model*>(ctx);
  if (!md) return -7;
  if (fault("crash")) std::raise(SIGSEGV);
  if (fault("hang"))
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  const auto t0 = std::chrono::steady_clock::now();
  for (int32_t i = 0; i < md->m; ++i)
    for (int32_t j = 0; j < md->n; ++j) {
      float acc = 0;
      for (int32_t l = 0; l < md->k; ++l)
        acc += half_to_float(md->a[static_cast<size_t>(i) * md->k + l]) *
               half_to_float(md->b[static_cast<size_t>(l) * md->n + j]);
#if defined(__aarch64__)
      md->c[static_cast<size_t>(i) * md->n + j] = fault("zero") ? 0.f : static_cast<float>(static_cast<__fp16>(acc));
#else
      md->c[static_cast<size_t>(i) * md->n + j] = fault("zero") ? 0.f : static_cast<float>(static_cast<_Float16>(acc));
#endif
    }
  md->perf_us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  return 0;
}

int rknn_outputs_get(Context ctx, uint32_t n, Output* out, void*) {
  auto* md = reinterpret_cast<Model*>(ctx);
  if (!md) return -7;
  if (n != 1 || !out || out->index != 0 || !out->want_float) return -9;  // the double gives float only
  const size_t bytes = md->c.size() * sizeof(float);
  if (out->is_prealloc) {
    if (!out->buf || out->size < bytes) return -9;
  } else {
    out->buf = std::malloc(bytes);
    out->size = static_cast<uint32_t>(bytes);
  }
  std::memcpy(out->buf, md->c.data(), bytes);
  return 0;
}

int rknn_outputs_release(Context ctx, uint32_t n, Output* out) {
  if (!ctx) return -7;
  for (uint32_t i = 0; i < n; ++i)
    if (!out[i].is_prealloc) std::free(out[i].buf), out[i].buf = nullptr;
  return 0;
}

}  // extern "C"
