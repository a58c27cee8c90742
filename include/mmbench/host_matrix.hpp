// Host buffers for A, B and C: 64-byte aligned, typed by the problem's dtype, filled with deterministic
// pseudo-random values from a recorded seed (uniform in [-1, 1]; never constant: some hardware compresses).
// Memory comes from host_buffer.hpp, which keeps large buffers' pages resident from one point to the next.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "mmbench/dtype.hpp"

namespace mmbench {

class HostMatrix {
 public:
  HostMatrix() = default;
  HostMatrix(int64_t rows, int64_t cols, DType storage);
  int64_t rows() const { return rows_; }
  int64_t cols() const { return cols_; }
  DType storage() const { return storage_; }
  size_t size_bytes() const { return bytes_; }
  void* data() { return data_.get(); }
  const void* data() const { return data_.get(); }
  template <class T>
  T* as() {
    return static_cast<T*>(data());
  }
  template <class T>
  const T* as() const {
    return static_cast<const T*>(data());
  }
  // Element (r, c) as a double, whatever the storage.
  double at(int64_t r, int64_t c) const;
  void fill_random(uint64_t seed);
  void fill_zero();

 private:
  struct Free {
    size_t bytes;  // as acquired: release_host_buffer tells malloced from cached blocks by it (value-initialised: 0)
    void operator()(void* p) const;
  };
  int64_t rows_ = 0, cols_ = 0;
  DType storage_ = DType::f32;
  size_t bytes_ = 0;
  std::unique_ptr<void, Free> data_;
};

// Packed int4: element i (row-major) is nibble i % 2 of byte i / 2, the low nibble first (the order of Rockchip's
// own matmul demo for A), two's complement.
inline int i4_at(const uint8_t* p, int64_t i) {
  const int nib = (i & 1) ? p[i / 2] >> 4 : p[i / 2] & 0xf;
  return nib >= 8 ? nib - 16 : nib;
}
inline void i4_set(uint8_t* p, int64_t i, int v) {
  const uint8_t nib = static_cast<uint8_t>(v) & 0xf;
  p[i / 2] =
      (i & 1) ? static_cast<uint8_t>((p[i / 2] & 0x0f) | (nib << 4)) : static_cast<uint8_t>((p[i / 2] & 0xf0) | nib);
}

// The storage a dtype's inputs and outputs use on the host: f64/f32 as themselves, f16/bf16 as 16-bit patterns,
// i8 as int8 (values in [-127, 127]), i4 packed (values in [-7, 7]); tf32 inputs are f32; the mixed types keep A
// as f16 and B as i8 or i4 (host_b_storage). Outputs: f32 for the float and mixed types (fp32 accumulation and
// output), f64 for the integer types' int32/int16 results (exact).
DType host_input_storage(DType d);  // A (and B, except for the mixed types)
DType host_b_storage(DType d);
DType host_output_storage(DType d);

}  // namespace mmbench
