// Layout conversions for A, C and a transposed B (the runtime has a reorder helper for native B only): loops over
// the index functions, element by element so that packed int4 is handled like the rest.
#include "backends/rknpu/native_layout.hpp"

#include <cstring>

namespace mmbench::rknn {

void copy_element(const void* in, size_t from, void* out, size_t to, int bits) {
  const auto* src = static_cast<const unsigned char*>(in);
  auto* dst = static_cast<unsigned char*>(out);
  if (bits == 4) {
    const unsigned nib = (from & 1) ? src[from / 2] >> 4 : src[from / 2] & 0xfu;
    unsigned char& d = dst[to / 2];
    d = (to & 1) ? static_cast<unsigned char>((d & 0x0f) | (nib << 4)) : static_cast<unsigned char>((d & 0xf0) | nib);
    return;
  }
  const size_t bytes = static_cast<size_t>(bits / 8);
  std::memcpy(dst + to * bytes, src + from * bytes, bytes);
}

void a_to_native(const void* norm, void* native, int64_t M, int64_t K, int bits) {
  const int64_t block = a_block(bits);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t k = 0; k < K; ++k)
      copy_element(norm, static_cast<size_t>(m * K + k), native, native_a_index(m, k, M, block), bits);
}

void c_from_native(const void* native, void* norm, int64_t M, int64_t N, int bits) {
  const int64_t block = c_block(bits);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n)
      copy_element(native, native_c_index(m, n, M, block), norm, static_cast<size_t>(m * N + n), bits);
}

void transpose(const void* in, void* out, int64_t rows, int64_t cols, int bits) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      copy_element(in, static_cast<size_t>(r * cols + c), out, static_cast<size_t>(c * rows + r), bits);
}

}  // namespace mmbench::rknn
