// Host matrices over host buffers (host_buffer.cpp) and their deterministic fill. The generator is mt19937_64 with
// our own mapping to [-1, 1): std::uniform_real_distribution is not specified bit-exactly, and a recorded seed must
// reproduce data.
#include "mmbench/host_matrix.hpp"

#include <cmath>
#include <cstring>
#include <new>
#include <random>

#include "mmbench/error.hpp"
#include "mmbench/half.hpp"
#include "mmbench/host_buffer.hpp"

namespace mmbench {

HostMatrix::HostMatrix(int64_t rows, int64_t cols, DType storage) : rows_(rows), cols_(cols), storage_(storage) {
  if (storage != DType::f32 && storage != DType::f64 && storage != DType::f16 && storage != DType::bf16 &&
      storage != DType::i8 && storage != DType::i4 && storage != DType::f8)
    throw Error("no host storage for dtype " + std::string(to_string(storage)));
  const size_t count = static_cast<size_t>(rows) * static_cast<size_t>(cols);
  bytes_ = storage == DType::i4 ? (count + 1) / 2 : count * static_cast<size_t>(element_bytes(storage));
  data_ = std::unique_ptr<void, Free>(acquire_host_buffer(bytes_), Free{bytes_});
}

void HostMatrix::Free::operator()(void* p) const {
  release_host_buffer(p, bytes);
}

double HostMatrix::at(int64_t r, int64_t c) const {
  const int64_t i = r * cols_ + c;
  switch (storage_) {
    case DType::f64:
      return as<double>()[i];
    case DType::f16:
      return f16_bits_to_f32(as<uint16_t>()[i]);
    case DType::bf16:
      return bf16_bits_to_f32(as<uint16_t>()[i]);
    case DType::i8:
      return as<int8_t>()[i];
    case DType::i4:
      return i4_at(as<uint8_t>(), i);
    case DType::f8:
      return f8e4m3_bits_to_f32(as<uint8_t>()[i]);
    default:
      return as<float>()[i];
  }
}

void HostMatrix::fill_random(uint64_t seed) {
  std::mt19937_64 gen(seed);
  const int64_t count = rows_ * cols_;
  // 53 random bits -> [0, 1) -> [-1, 1). Values are exactly representable in f64; f32 rounds them once.
  auto next = [&gen] { return static_cast<double>(gen() >> 11) * 0x1p-53 * 2.0 - 1.0; };
  switch (storage_) {
    case DType::f64:
      for (int64_t i = 0; i < count; ++i) as<double>()[i] = next();
      break;
    case DType::f16:  // rounded once from the same stream: f16 data are the f32 data, rounded
      for (int64_t i = 0; i < count; ++i) as<uint16_t>()[i] = f32_to_f16_bits(static_cast<float>(next()));
      break;
    case DType::bf16:
      for (int64_t i = 0; i < count; ++i) as<uint16_t>()[i] = f32_to_bf16_bits(static_cast<float>(next()));
      break;
    case DType::i8:  // integers in [-127, 127] (symmetric: -128 has no positive twin)
      for (int64_t i = 0; i < count; ++i) as<int8_t>()[i] = static_cast<int8_t>(std::lround(next() * 127.0));
      break;
    case DType::f8:  // rounded once from the same stream, as f16
      for (int64_t i = 0; i < count; ++i) as<uint8_t>()[i] = f32_to_f8e4m3_bits(static_cast<float>(next()));
      break;
    case DType::i4:  // integers in [-7, 7], two per byte
      fill_zero();
      for (int64_t i = 0; i < count; ++i) i4_set(as<uint8_t>(), i, static_cast<int>(std::lround(next() * 7.0)));
      break;
    default:
      for (int64_t i = 0; i < count; ++i) as<float>()[i] = static_cast<float>(next());
  }
}

void HostMatrix::fill_zero() {
  if (bytes_) std::memset(data(), 0, bytes_);
}

DType host_input_storage(DType d) {
  switch (d) {
    case DType::f64:
    case DType::f32:
    case DType::f16:
    case DType::bf16:
    case DType::i8:
    case DType::i4:
    case DType::f8:
      return d;
    case DType::tf32:
      return DType::f32;  // tf32 is a compute mode on f32 data
    case DType::f16xi8:
    case DType::f16xi4:
      return DType::f16;
  }
  throw Error("no host conversion for dtype " + std::string(to_string(d)));
}

DType host_b_storage(DType d) {
  if (d == DType::f16xi8) return DType::i8;
  if (d == DType::f16xi4) return DType::i4;
  return host_input_storage(d);
}

DType host_output_storage(DType d) {
  switch (d) {
    case DType::f64:
      return DType::f64;
    case DType::f32:
    case DType::tf32:
    case DType::f16:
    case DType::bf16:
      return DType::f32;  // fp32 accumulate/out
    case DType::f16xi8:
    case DType::f16xi4:
    case DType::f8:
      return DType::f32;
    case DType::i8:
    case DType::i4:
      return DType::f64;  // integer results, held exactly as doubles (< 2^53)
  }
  throw Error("no host conversion for dtype " + std::string(to_string(d)));
}

}  // namespace mmbench
