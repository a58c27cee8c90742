// The few types and entry points of Rockchip's NPU runtime (librknnrt.so) that mmbench uses, declared from the
// facts in shared/rknn-abi.md (sizes and offsets for LP64) — NOT copied from Rockchip's headers, whose notice
// forbids reproduction. Kept in this one file so anyone with the real headers can check it against them; the
// static_asserts pin every size and offset the facts state.
#pragma once
#include <cstddef>
#include <cstdint>

namespace mmbench::rknn {

using Context = uint64_t;  // rknn_context / rknn_matmul_ctx on aarch64 (and LP64 generally)

struct TensorMem {  // rknn_tensor_mem, 40 bytes
  void* virt_addr;
  uint64_t phys_addr;
  int32_t fd;
  int32_t offset;
  uint32_t size;
  uint32_t flags;
  void* priv_data;
};
static_assert(sizeof(TensorMem) == 40 && offsetof(TensorMem, fd) == 16 && offsetof(TensorMem, size) == 24 &&
              offsetof(TensorMem, priv_data) == 32);

struct MatmulTensorAttr {  // rknn_matmul_tensor_attr, 332 bytes
  char name[256];
  uint32_t n_dims;
  uint32_t dims[16];
  uint32_t size;  // bytes
  int32_t type;   // tensor type
};
static_assert(sizeof(MatmulTensorAttr) == 332 && offsetof(MatmulTensorAttr, n_dims) == 256 &&
              offsetof(MatmulTensorAttr, dims) == 260 && offsetof(MatmulTensorAttr, size) == 324 &&
              offsetof(MatmulTensorAttr, type) == 328);

struct MatmulIoAttr {  // rknn_matmul_io_attr: A, B, C
  MatmulTensorAttr A, B, C;
};
static_assert(sizeof(MatmulIoAttr) == 996);

// rknn_matmul_info per runtime version. Always zeroed whole before filling (2.x reads its reserved bytes).
struct MatmulInfoV21 {  // 2.1 and later, 64 bytes
  int32_t M, K, N, type;
  int16_t B_layout, B_quant_type, AC_layout, AC_quant_type;
  int32_t iommu_domain_id;
  int16_t group_size;
  int8_t reserved[34];
};
static_assert(sizeof(MatmulInfoV21) == 64 && offsetof(MatmulInfoV21, B_layout) == 16 &&
              offsetof(MatmulInfoV21, AC_layout) == 20 && offsetof(MatmulInfoV21, iommu_domain_id) == 24 &&
              offsetof(MatmulInfoV21, group_size) == 28 && offsetof(MatmulInfoV21, reserved) == 30);
struct MatmulInfoV20 {  // 2.0: no group_size
  int32_t M, K, N, type;
  int16_t B_layout, B_quant_type, AC_layout, AC_quant_type;
  int32_t iommu_domain_id;
  int8_t reserved[36];
};
static_assert(sizeof(MatmulInfoV20) == 64 && offsetof(MatmulInfoV20, reserved) == 28);
struct MatmulInfoV16 {  // 1.6.0, 24 bytes: type is a matmul type
  int32_t M, K, N, type, B_layout, AC_layout;
};
static_assert(sizeof(MatmulInfoV16) == 24);
struct MatmulInfoV15 {  // 1.5.x, 24 bytes: type is a tensor type
  int32_t M, K, N, type, native_layout, perf_layout;
};
static_assert(sizeof(MatmulInfoV15) == 24);

// Tensor types and matmul types used here.
enum : int32_t {
  kTensorFloat32 = 0,
  kTensorFloat16 = 1,
  kTensorInt8 = 2,
  kTensorInt16 = 4,
  kTensorInt32 = 6,
  kTensorInt4 = 10
};
enum : int32_t {
  kFp16xFp16ToFp32 = 1,
  kInt8xInt8ToInt32 = 2,
  kFp16xInt8ToFp32 = 5,
  kFp16xInt4ToFp32 = 7,
  kInt4xInt4ToInt16 = 10,
};
enum : int32_t { kLayoutNorm = 0, kLayoutNative = 1, kLayoutTpNorm = 2 };  // TP_NORM: B given as N x K (B only)
enum : int32_t {
  kQueryInOutNum = 0,
  kQueryInputAttr = 1,
  kQueryOutputAttr = 2,
  kQueryPerfRun = 4,
  kQuerySdkVersion = 5
};
enum : int { kCoreAuto = 0, kCore0 = 1, kCore1 = 2, kCore2 = 4, kCore01 = 3, kCore012 = 7 };

struct SdkVersion {  // RKNN_QUERY_SDK_VERSION: two 256-byte strings
  char api_version[256];
  char drv_version[256];
};

// Model API (the .rknn path). Layouts checked against the API reference of SDK 2.x (rknn_api.h's documented
// structs); rknn-abi.md does not list them.
struct TensorAttr {  // rknn_tensor_attr, 376 bytes
  uint32_t index;
  uint32_t n_dims;
  uint32_t dims[16];
  char name[256];
  uint32_t n_elems;
  uint32_t size;
  int32_t fmt;  // rknn_tensor_format: NCHW 0, NHWC 1, NC1HWC2 2, UNDEFINED 3
  int32_t type;
  int32_t qnt_type;
  int8_t fl;
  int32_t zp;
  float scale;
  uint32_t w_stride;
  uint32_t size_with_stride;
  uint8_t pass_through;
  uint32_t h_stride;
};
static_assert(sizeof(TensorAttr) == 376 && offsetof(TensorAttr, name) == 72 && offsetof(TensorAttr, n_elems) == 328 &&
              offsetof(TensorAttr, fmt) == 336 && offsetof(TensorAttr, fl) == 348 && offsetof(TensorAttr, zp) == 352 &&
              offsetof(TensorAttr, w_stride) == 360 && offsetof(TensorAttr, pass_through) == 368 &&
              offsetof(TensorAttr, h_stride) == 372);
struct Input {  // rknn_input, 32 bytes
  uint32_t index;
  void* buf;
  uint32_t size;
  uint8_t pass_through;
  int32_t type;  // of buf: the runtime converts to the model's type unless pass_through
  int32_t fmt;
};
static_assert(sizeof(Input) == 32 && offsetof(Input, buf) == 8 && offsetof(Input, size) == 16 &&
              offsetof(Input, pass_through) == 20 && offsetof(Input, type) == 24 && offsetof(Input, fmt) == 28);
struct Output {  // rknn_output, 24 bytes
  uint8_t want_float;
  uint8_t is_prealloc;
  uint32_t index;
  void* buf;
  uint32_t size;
};
static_assert(sizeof(Output) == 24 && offsetof(Output, index) == 4 && offsetof(Output, buf) == 8 &&
              offsetof(Output, size) == 16);
struct InputOutputNum {  // rknn_input_output_num
  uint32_t n_input, n_output;
};
struct PerfRun {  // rknn_perf_run: device-side time of the last run, microseconds
  int64_t run_duration;
};
static_assert(sizeof(PerfRun) == 8);

// Entry points (C linkage in the library).
using MatmulCreateFn = int (*)(Context* ctx, void* info, MatmulIoAttr* io_attr);
using MatmulSetIoMemFn = int (*)(Context ctx, TensorMem* mem, MatmulTensorAttr* attr);
using MatmulSetCoreMaskFn = int (*)(Context ctx, int core_mask);
using MatmulRunFn = int (*)(Context ctx);
using MatmulDestroyFn = int (*)(Context ctx);
using CreateMemFn = TensorMem* (*)(Context ctx, uint32_t size);
using DestroyMemFn = int (*)(Context ctx, TensorMem* mem);
using QueryFn = int (*)(Context ctx, int cmd, void* out, uint32_t size);
using InitFn = int (*)(Context* ctx, void* model, uint32_t size, uint32_t flag, void* extend);  // size 0: path
using DestroyFn = int (*)(Context ctx);
using InputsSetFn = int (*)(Context ctx, uint32_t n_inputs, Input* inputs);
using RunFn = int (*)(Context ctx, void* extend);
using OutputsGetFn = int (*)(Context ctx, uint32_t n_outputs, Output* outputs, void* extend);
using OutputsReleaseFn = int (*)(Context ctx, uint32_t n_outputs, Output* outputs);
using SetCoreMaskFn = int (*)(Context ctx, int core_mask);
// rknn_B_normal_layout_to_native_layout(B_in, B_out, K, N, info) — the 2.x signature.
using BToNativeFn = int (*)(void* b_in, void* b_out, int K, int N, void* info);

}  // namespace mmbench::rknn
