// Host buffers for A, B and C: 64-byte aligned, typed by the problem's dtype, filled with deterministic
// pseudo-random values from a recorded seed (uniform in [-1, 1]; never constant: some hardware compresses).
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
  template <class T> T* as() { return static_cast<T*>(data()); }
  template <class T> const T* as() const { return static_cast<const T*>(data()); }
  // Element (r, c) as a double, whatever the storage.
  double at(int64_t r, int64_t c) const;
  void fill_random(uint64_t seed);
  void fill_zero();

 private:
  struct Free { void operator()(void* p) const { std::free(p); } };
  int64_t rows_ = 0, cols_ = 0;
  DType storage_ = DType::f32;
  size_t bytes_ = 0;
  std::unique_ptr<void, Free> data_;
};

// The storage a dtype's inputs and outputs use on the host: f64/f32 as themselves, f16/bf16 as 16-bit patterns,
// i8 as int8 (values in [-127, 127]); tf32 inputs are f32. Outputs: f32 for the float types below f64 (fp32
// accumulation and output), f64 for i8's int32 results (exact). i4 throws Error until a backend brings packing.
DType host_input_storage(DType d);
DType host_output_storage(DType d);

}  // namespace mmbench
