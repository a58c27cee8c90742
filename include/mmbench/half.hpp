// 16-bit floating-point conversions for host buffers: IEEE binary16 (f16) through the compiler's _Float16 (exact
// round-to-nearest-even), bfloat16 (bf16) by rounding the top half of a binary32. Bits are stored as uint16_t.
#pragma once
#include <cstdint>

namespace mmbench {

uint16_t f32_to_f16_bits(float x);
float f16_bits_to_f32(uint16_t h);
uint16_t f32_to_bf16_bits(float x);
float bf16_bits_to_f32(uint16_t h);

}  // namespace mmbench
