// Test double of Rockchip's librknnrt.so (matmul API only), built once per runtime version it imitates
// (MMB_DOUBLE_VERSION: 1.5.2, 1.6.0, 2.0.0, 2.1.0). It behaves as shared/rknn-abi.md documents: the info struct of
// its version (2.x refuses non-zero reserved bytes), RK3588 shape rules, io attributes with byte sizes, CPU-visible
// memory, real arithmetic (FP16xFP16->FP32, INT8xINT8->INT32) in the NORM and the RK3588 NATIVE layouts (with the
// B reorder helper), error codes. Faults chosen by
// MMBENCH_RKNN_FAULT: nodevice (create returns -3), zero (C all zeros), crash (SIGSEGV in run), hang (run never
// returns), refuse-mask (set_core_mask returns -5). Lives under tests/ only: the product never ships or lists it.
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

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
int version_major() { return MMB_DOUBLE_VERSION[0] - '0'; }
int version_minor() { return MMB_DOUBLE_VERSION[2] - '0'; }
bool at_least(int a, int b) { return version_major() > a || (version_major() == a && version_minor() >= b); }

struct State {
  int32_t m = 0, k = 0, n = 0;
  bool int8 = false;
  bool native_b = false, native_ac = false;
  TensorMem *a = nullptr, *b = nullptr, *c = nullptr;
  int core_mask = 0;
};

void attr(MatmulTensorAttr& t, const char* name, uint32_t r, uint32_t c, uint32_t elem, int32_t type) {
  std::memset(&t, 0, sizeof t);
  std::strncpy(t.name, name, sizeof t.name - 1);
  t.n_dims = 2, t.dims[0] = r, t.dims[1] = c, t.size = r * c * elem, t.type = type;
}

float half_to_float(uint16_t h) {
#if defined(__aarch64__)
  __fp16 v;
#else
  _Float16 v;
#endif
  std::memcpy(&v, &h, 2);
  return static_cast<float>(v);
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
  if (type != kFp16xFp16ToFp32 && type != kInt8xInt8ToInt32) return -5;  // 1.5's tensor types FP16=1, INT8=2 coincide
  const bool int8 = type == kInt8xInt8ToInt32;
  if ((b_layout != kLayoutNorm && b_layout != kLayoutNative) || (ac_layout != kLayoutNorm && ac_layout != kLayoutNative))
    return -5;
  if (m < 1 || k < 1 || n < 1 || k % 32 || n % (int8 ? 32 : 16) || k > (at_least(1, 6) ? 10240 : 4096)) return -5;
  auto* s = new State{m, k, n, int8, b_layout == kLayoutNative, ac_layout == kLayoutNative};
  attr(io->A, "A", m, k, int8 ? 1 : 2, int8 ? kTensorInt8 : kTensorFloat16);
  attr(io->B, "B", k, n, int8 ? 1 : 2, int8 ? kTensorInt8 : kTensorFloat16);
  attr(io->C, "C", m, n, 4, int8 ? kTensorInt32 : kTensorFloat32);
  *ctx = reinterpret_cast<Context>(s);
  return 0;
}

int rknn_matmul_set_io_mem(Context ctx, TensorMem* mem, MatmulTensorAttr* a) {
  auto* s = reinterpret_cast<State*>(ctx);
  if (!s || !mem || !a) return -7;
  if (mem->size < a->size) return -5;
  if (!std::strcmp(a->name, "A")) s->a = mem;
  else if (!std::strcmp(a->name, "B")) s->b = mem;
  else if (!std::strcmp(a->name, "C")) s->c = mem;
  else return -5;
  return 0;
}

int rknn_matmul_set_core_mask(Context ctx, int mask) {
  if (!ctx) return -7;
  if (fault("refuse-mask")) return -5;
  reinterpret_cast<State*>(ctx)->core_mask = mask;
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
  auto ai = [&](int32_t i, int32_t l) {
    return s->native_ac ? native_a_index(i, l, s->m, s->int8 ? 16 : 8) : static_cast<size_t>(i) * s->k + l;
  };
  auto bi = [&](int32_t l, int32_t j) {
    return s->native_b ? native_b_index(l, j, s->k, s->int8 ? 32 : 16) : static_cast<size_t>(l) * s->n + j;
  };
  auto ci = [&](int32_t i, int32_t j) {
    return s->native_ac ? native_c_index(i, j, s->m) : static_cast<size_t>(i) * s->n + j;
  };
  for (int32_t i = 0; i < s->m; ++i)
    for (int32_t j = 0; j < s->n; ++j) {
      if (s->int8) {
        const auto* a = static_cast<const int8_t*>(s->a->virt_addr);
        const auto* b = static_cast<const int8_t*>(s->b->virt_addr);
        int32_t acc = 0;
        for (int32_t l = 0; l < s->k; ++l) acc += int32_t{a[ai(i, l)]} * b[bi(l, j)];
        static_cast<int32_t*>(s->c->virt_addr)[ci(i, j)] = acc;
      } else {
        const auto* a = static_cast<const uint16_t*>(s->a->virt_addr);
        const auto* b = static_cast<const uint16_t*>(s->b->virt_addr);
        float acc = 0;
        for (int32_t l = 0; l < s->k; ++l) acc += half_to_float(a[ai(i, l)]) * half_to_float(b[bi(l, j)]);
        static_cast<float*>(s->c->virt_addr)[ci(i, j)] = acc;
      }
    }
  return 0;
}

// The reorder helper for B (2.x signature): NORM (K x N) to the RK3588 native layout of the info's type.
int rknn_B_normal_layout_to_native_layout(void* b_in, void* b_out, int K, int N, void* info) {
  if (!b_in || !b_out || !info || K % 32 || N % 16) return -5;
  const int32_t type = static_cast<const int32_t*>(info)[3];
  const bool int8 = type == kInt8xInt8ToInt32;
  if (int8 && N % 32) return -5;
  const size_t bytes = int8 ? 1 : 2;
  const auto* in = static_cast<const unsigned char*>(b_in);
  auto* out = static_cast<unsigned char*>(b_out);
  for (int k = 0; k < K; ++k)
    for (int n = 0; n < N; ++n)
      std::memcpy(out + native_b_index(k, n, K, int8 ? 32 : 16) * bytes, in + (static_cast<size_t>(k) * N + n) * bytes, bytes);
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

}  // extern "C"
