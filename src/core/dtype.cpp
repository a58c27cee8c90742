// Names and numeric facts of the data types. One table so the CLI, records and outputs agree on spelling.
#include "mmbench/dtype.hpp"

#include <array>

#include "mmbench/error.hpp"

namespace mmbench {
namespace {

struct DTypeFacts {
  DType type;
  std::string_view name;
  double a_bytes, b_bytes, out_bytes, roundoff;
};

// Unit roundoff u = 2^-p for p mantissa bits (incl. the implicit one): the error bound of one rounding.
// Mixed types (f16xi8, f16xi4: FP16 activations times integer weights, FP32 out) are the NPU's LLM types; their
// B is exact, so the FP16 roundoff of A and of the accumulation bounds the error.
// f8 is FP8 E4M3 in, FP32 out: inputs are exact on the host, so the error is the accumulation's, which Hopper's
// FP8 tensor cores keep to about 14 bits (DeepSeek-V3 report); the f16 roundoff bounds it with room.
constexpr std::array<DTypeFacts, 10> kFacts{{
    {DType::f64, "f64", 8, 8, 8, 0x1p-53},
    {DType::f32, "f32", 4, 4, 4, 0x1p-24},
    {DType::tf32, "tf32", 4, 4, 4, 0x1p-11},
    {DType::bf16, "bf16", 2, 2, 4, 0x1p-8},
    {DType::f16, "f16", 2, 2, 4, 0x1p-11},
    {DType::i8, "i8", 1, 1, 4, 0},
    {DType::i4, "i4", 0.5, 0.5, 2, 0},
    {DType::f16xi8, "f16xi8", 2, 1, 4, 0x1p-11},
    {DType::f16xi4, "f16xi4", 2, 0.5, 4, 0x1p-11},
    {DType::f8, "f8", 1, 1, 4, 0x1p-11},
}};

const DTypeFacts& facts(DType d) {
  return kFacts[static_cast<size_t>(d)];
}

}  // namespace

std::string_view to_string(DType d) {
  return facts(d).name;
}

const std::vector<DType>& all_dtypes() {
  static const std::vector<DType> all = [] {
    std::vector<DType> v;
    for (const auto& f : kFacts) v.push_back(f.type);
    return v;
  }();
  return all;
}

std::string dtype_names() {
  std::string s;
  for (const auto& f : kFacts) s += (s.empty() ? "" : ", ") + std::string(f.name);
  return s;
}

DType parse_dtype(std::string_view name) {
  for (const auto& f : kFacts)
    if (f.name == name) return f.type;
  throw UsageError("unknown dtype '" + std::string(name) + "' (known: " + dtype_names() + ")");
}

double element_bytes(DType d) {
  return facts(d).a_bytes;
}
double b_element_bytes(DType d) {
  return facts(d).b_bytes;
}
double result_bytes(DType d) {
  return facts(d).out_bytes;
}
double unit_roundoff(DType d) {
  return facts(d).roundoff;
}
bool is_integer(DType d) {
  return d == DType::i8 || d == DType::i4;
}

}  // namespace mmbench
