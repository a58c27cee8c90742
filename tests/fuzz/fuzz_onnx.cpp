// Fuzz target: read_matmul_onnx, which rknpu:model uses to read B from the .onnx file beside each .rknn. A file that
// is not such a model must be an mmbench::Error; any other exception, a crash, undefined behaviour or an allocation
// beyond libFuzzer's limit is a finding. The reader takes a path: each input is written to one memfd, read through
// /proc/self/fd (no temporary files).
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "mmbench/error.hpp"
#include "mmbench/onnx_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const int fd = memfd_create("mmbench-fuzz.onnx", 0);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) {
    std::perror("fuzz_onnx: memfd");
    std::abort();
  }
  try {
    const mmbench::OnnxMatmul m = mmbench::read_matmul_onnx(path);
    if (m.m < 1 || m.n < 1 || m.k < 1 || m.b.size() != static_cast<size_t>(m.k * m.n)) std::abort();
  } catch (const mmbench::Error&) {
  }
  return 0;
}
