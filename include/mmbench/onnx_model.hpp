// ONNX models computing Y = A·B: A an input [M, K], B a constant float32 initializer [K, N] from a recorded seed,
// built at opset 13 and converted to opset 14 with ONNX's own version converter (as the original experiment's
// script did), checked by ONNX's checker before it is written. One file per shape, the shape in its name.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace mmbench {

// "matmul_M128_N256_K512.onnx"
std::string onnx_file_name(int64_t m, int64_t n, int64_t k);
// Writes the model (B row-major, K×N values); throws Error when ONNX's checker or the converter refuses it.
void write_matmul_onnx(const std::string& path, int64_t m, int64_t n, int64_t k, const float* b, uint64_t seed);
// The same model with B from the run's generator: seed + 1, as `mmbench run` makes B for seed `seed`.
void write_matmul_onnx_seeded(const std::string& path, int64_t m, int64_t n, int64_t k, uint64_t seed);
bool onnx_available();  // built with libonnx

// What a matmul model holds: its shape (A [M,K] input, B [K,N]) and B's values; the seed from its metadata ("" if
// none). Throws Error for a file that is not such a model.
struct OnnxMatmul {
  int64_t m = 0, n = 0, k = 0;
  std::vector<float> b;
  std::string seed;
};
OnnxMatmul read_matmul_onnx(const std::string& path);

}  // namespace mmbench
