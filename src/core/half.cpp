// f16 via _Float16 (GCC ≥ 12 on x86-64) or __fp16 (aarch64): the compiler's conversion rounds to nearest even and
// handles subnormals, infinities and NaN. bf16 by hand: it is the top 16 bits of a binary32, so rounding is one
// add (no library in Debian offers it without pulling a framework).
#include "mmbench/half.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace mmbench {

#if defined(__clang__) && __clang_major__ < 15 && !defined(__aarch64__)
// Clang before 15 (Debian 12's, used by the fuzz preset) has no _Float16 on x86-64, and its __fp16 calls
// __gnu_f2h_ieee, which libgcc lacks: the same rounding by hand (F. Giesen's float_to_half_fast3_rtne and
// half_to_float), checked bit for bit against GCC's _Float16 over every binary32 and every binary16.
namespace {
uint32_t bits_of(float x) {
  uint32_t u;
  std::memcpy(&u, &x, 4);
  return u;
}
float float_of(uint32_t u) {
  float x;
  std::memcpy(&x, &u, 4);
  return x;
}
}  // namespace

uint16_t f32_to_f16_bits(float x) {
  uint32_t u = bits_of(x);
  const uint32_t sign = (u >> 16) & 0x8000;
  u &= 0x7fffffff;
  if (u > 0x7f800000u) return static_cast<uint16_t>(sign | 0x7e00 | ((u >> 13) & 0x3ff));  // NaN stays quiet NaN
  if (u >= (127u + 16) << 23) return static_cast<uint16_t>(sign | 0x7c00);                 // beyond 65520: inf
  if (u < 113u << 23) {  // a subnormal half or zero: one rounded addition puts its 10 bits at the bottom
    const uint32_t magic = ((127u - 15) + (23 - 10) + 1) << 23;
    return static_cast<uint16_t>(sign | (bits_of(float_of(u) + float_of(magic)) - magic));
  }
  u += ((15u - 127) << 23) + 0xfff + ((u >> 13) & 1);  // rebias the exponent, round half to even
  return static_cast<uint16_t>(sign | (u >> 13));
}

float f16_bits_to_f32(uint16_t b) {
  const uint32_t shifted_exp = 0x7c00u << 13;
  uint32_t u = static_cast<uint32_t>(b & 0x7fff) << 13;
  const uint32_t exp = u & shifted_exp;
  u += (127u - 15) << 23;
  if (exp == shifted_exp)
    u = (u + ((128u - 16) << 23)) | (u & 0x7fffff ? 0x400000 : 0);  // inf; NaN made quiet
  else if (exp == 0)
    u = bits_of(float_of(u + (1u << 23)) - float_of(113u << 23));  // zero, subnormal
  return float_of(u | (static_cast<uint32_t>(b & 0x8000) << 16));
}
#else
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
#endif

uint16_t f32_to_bf16_bits(float x) {
  uint32_t u;
  std::memcpy(&u, &x, 4);
  if (std::isnan(x)) return static_cast<uint16_t>((u >> 16) | 0x40);  // stay a (quiet) NaN
  u += 0x7FFF + ((u >> 16) & 1);                                      // round to nearest, ties to even
  return static_cast<uint16_t>(u >> 16);
}

float bf16_bits_to_f32(uint16_t b) {
  const uint32_t u = static_cast<uint32_t>(b) << 16;
  float x;
  std::memcpy(&x, &u, 4);
  return x;
}

// Written by hand: no Debian library converts FP8 on the host, and the format is ten lines of arithmetic. Values
// are 2^(e-7)·(1 + m/8) for exponent field e in 1..15, and 2^-6·(m/8) for e = 0 (subnormal).
uint8_t f32_to_f8e4m3_bits(float x) {
  const uint8_t sign = std::signbit(x) ? 0x80 : 0;
  if (std::isnan(x)) return sign | 0x7f;
  const double a = std::min(std::fabs(static_cast<double>(x)), 448.0);
  if (a < 0x1p-6) {  // subnormal: multiples of 2^-9 (rounding up to 8·2^-9 gives the smallest normal, code 0x08)
    return sign | static_cast<uint8_t>(std::nearbyint(a * 0x1p9));
  }
  int e = 0;
  const double frac = std::frexp(a, &e);  // a = frac·2^e, frac in [0.5, 1)
  long q = std::lrint(frac * 16);         // 1.mmm as 8..16 (nearest even: lrint in the default rounding mode)
  if (q == 16) q = 8, ++e;
  const int field = e - 1 + 7;                                        // a = (q/8)·2^(e-1)
  if (field > 15 || (field == 15 && q - 8 == 7)) return sign | 0x7e;  // 448 (0x7f would be NaN)
  return sign | static_cast<uint8_t>((field << 3) | (q - 8));
}

float f8e4m3_bits_to_f32(uint8_t b) {
  const int e = (b >> 3) & 0xf, m = b & 7;
  if (e == 15 && m == 7) return std::numeric_limits<float>::quiet_NaN();
  const double v = e == 0 ? std::ldexp(m, -9) : std::ldexp(8 + m, e - 10);
  return static_cast<float>((b & 0x80) ? -v : v);
}

}  // namespace mmbench
