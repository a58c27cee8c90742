// Data types of a matrix multiplication and their names (f64, f32, tf32, bf16, f16, i8, i4 and the mixed
// f16xi8, f16xi4: FP16 A times integer B; f8: FP8 E4M3 in, FP32 out), used identically
// by the CLI, records and every output. Also the facts verification needs: element size and unit roundoff.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mmbench {

enum class DType { f64, f32, tf32, bf16, f16, i8, i4, f16xi8, f16xi4, f8 };

std::string_view to_string(DType d);
DType parse_dtype(std::string_view name);  // throws UsageError naming the known types
const std::vector<DType>& all_dtypes();
std::string dtype_names();  // "f64, f32, ..." for messages

// Bytes of one stored element of A (and of B, except for the mixed types; i4 packs two per byte: 0.5).
double element_bytes(DType d);
// Bytes of one stored element of B (the weights): 1 for f16xi8, 0.5 for f16xi4, else element_bytes.
double b_element_bytes(DType d);
// Bytes of one element of C as the backend returns it (wider for integer and mixed types).
double result_bytes(DType d);
// Unit roundoff of the arithmetic (0 for integer types: their results are exact).
double unit_roundoff(DType d);
bool is_integer(DType d);

}  // namespace mmbench
