// 16-bit floating-point conversions for host buffers: IEEE binary16 (f16) through the compiler's _Float16 (exact
// round-to-nearest-even), bfloat16 (bf16) by rounding the top half of a binary32. Bits are stored as uint16_t.
// Also FP8 E4M3 ("fn": no infinities, 0x7f/0xff NaN, max 448), the format of Hopper's FP8 tensor cores, as uint8_t.
#pragma once
#include <cstdint>

namespace mmbench {

uint16_t f32_to_f16_bits(float x);
float f16_bits_to_f32(uint16_t h);
uint16_t f32_to_bf16_bits(float x);
float bf16_bits_to_f32(uint16_t h);
uint8_t f32_to_f8e4m3_bits(float x);  // round to nearest even; beyond ±448 saturates, NaN stays NaN
float f8e4m3_bits_to_f32(uint8_t b);

}  // namespace mmbench
