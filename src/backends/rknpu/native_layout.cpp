// Layout conversions for A and C (the runtime has a reorder helper for B only): loops over the index functions.
#include "backends/rknpu/native_layout.hpp"

#include <cstring>

namespace mmbench::rknn {

void a_to_native(const void* norm, void* native, int64_t M, int64_t K, int bytes) {
  const int64_t block = bytes == 2 ? 8 : 16;
  const auto* in = static_cast<const unsigned char*>(norm);
  auto* out = static_cast<unsigned char*>(native);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t k = 0; k < K; ++k)
      std::memcpy(out + native_a_index(m, k, M, block) * bytes, in + (m * K + k) * bytes, bytes);
}

void c_from_native(const void* native, void* norm, int64_t M, int64_t N) {
  const auto* in = static_cast<const unsigned char*>(native);
  auto* out = static_cast<unsigned char*>(norm);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) std::memcpy(out + (m * N + n) * 4, in + native_c_index(m, n, M) * 4, 4);
}

}  // namespace mmbench::rknn
