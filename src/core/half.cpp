// f16 via _Float16 (GCC ≥ 12 on x86-64) or __fp16 (aarch64): the compiler's conversion rounds to nearest even and
// handles subnormals, infinities and NaN. bf16 by hand: it is the top 16 bits of a binary32, so rounding is one
// add (no library in Debian offers it without pulling a framework).
#include "mmbench/half.hpp"

#include <cmath>
#include <cstring>

namespace mmbench {
namespace {
#if defined(__aarch64__)
using Half = __fp16;  // GCC's C++ front end has no _Float16 on aarch64; __fp16 is IEEE binary16 there
#else
using Half = _Float16;
#endif
}  // namespace

uint16_t f32_to_f16_bits(float x) {
  const Half h = static_cast<Half>(x);
  uint16_t b;
  std::memcpy(&b, &h, 2);
  return b;
}

float f16_bits_to_f32(uint16_t b) {
  Half h;
  std::memcpy(&h, &b, 2);
  return static_cast<float>(h);
}

uint16_t f32_to_bf16_bits(float x) {
  uint32_t u;
  std::memcpy(&u, &x, 4);
  if (std::isnan(x)) return static_cast<uint16_t>((u >> 16) | 0x40);  // stay a (quiet) NaN
  u += 0x7FFF + ((u >> 16) & 1);                                         // round to nearest, ties to even
  return static_cast<uint16_t>(u >> 16);
}

float bf16_bits_to_f32(uint16_t b) {
  const uint32_t u = static_cast<uint32_t>(b) << 16;
  float x;
  std::memcpy(&x, &u, 4);
  return x;
}

}  // namespace mmbench
