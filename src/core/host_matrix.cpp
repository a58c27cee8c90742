// Aligned host buffers and their deterministic fill. The generator is mt19937_64 with our own mapping to
// [-1, 1): std::uniform_real_distribution is not specified bit-exactly, and a recorded seed must reproduce data.
#include "mmbench/host_matrix.hpp"

#include <cstring>
#include <new>
#include <random>

#include "mmbench/error.hpp"

namespace mmbench {

HostMatrix::HostMatrix(int64_t rows, int64_t cols, DType storage) : rows_(rows), cols_(cols), storage_(storage) {
  if (storage != DType::f32 && storage != DType::f64)
    throw Error("no host storage for dtype " + std::string(to_string(storage)));
  bytes_ = static_cast<size_t>(rows) * static_cast<size_t>(cols) * static_cast<size_t>(element_bytes(storage));
  const size_t alloc = (bytes_ + 63) / 64 * 64;  // aligned_alloc wants a multiple of the alignment
  void* p = std::aligned_alloc(64, alloc == 0 ? 64 : alloc);
  if (!p) throw Error("out of memory allocating " + std::to_string(bytes_) + " bytes");
  data_.reset(p);
}

double HostMatrix::at(int64_t r, int64_t c) const {
  const int64_t i = r * cols_ + c;
  return storage_ == DType::f64 ? as<double>()[i] : static_cast<double>(as<float>()[i]);
}

void HostMatrix::fill_random(uint64_t seed) {
  std::mt19937_64 gen(seed);
  const int64_t count = rows_ * cols_;
  // 53 random bits -> [0, 1) -> [-1, 1). Values are exactly representable in f64; f32 rounds them once.
  auto next = [&gen] { return static_cast<double>(gen() >> 11) * 0x1p-53 * 2.0 - 1.0; };
  if (storage_ == DType::f64) {
    double* d = as<double>();
    for (int64_t i = 0; i < count; ++i) d[i] = next();
  } else {
    float* f = as<float>();
    for (int64_t i = 0; i < count; ++i) f[i] = static_cast<float>(next());
  }
}

void HostMatrix::fill_zero() {
  if (bytes_) std::memset(data(), 0, bytes_);
}

DType host_input_storage(DType d) {
  if (d == DType::f64 || d == DType::f32) return d;
  throw Error("no host conversion for dtype " + std::string(to_string(d)) + " yet");
}
DType host_output_storage(DType d) { return host_input_storage(d); }

}  // namespace mmbench
