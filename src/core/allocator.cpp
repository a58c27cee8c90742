// settle_allocator: glibc's malloc adapts its thresholds to the history of the process (an mmapped block freed
// raises the mmap threshold; memory above the trim threshold at the top of the heap goes back to the kernel). A
// point's time then depends on the points before it in the same worker. Fixed thresholds make every point see the
// allocator a long-running application settles into: freed memory kept and reused.
#include "mmbench/allocator.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace mmbench {

namespace {

std::string settle() {
#if defined(__SANITIZE_ADDRESS__)
  return "not set: AddressSanitizer's allocator";
#elif defined(__GLIBC__)
  // 32 MiB is the largest mmap threshold glibc accepts on 64-bit (HEAP_MAX_SIZE / 2): blocks below it come from the
  // heap and are reused. Matrices from 1 MiB up are mapped by host_buffer.cpp on its own, not through malloc.
  constexpr int mmap_threshold = 32 << 20;
  constexpr int trim_threshold = 1 << 30;
  if (mallopt(M_MMAP_THRESHOLD, mmap_threshold) != 1 || mallopt(M_TRIM_THRESHOLD, trim_threshold) != 1)
    return "not set: mallopt refused";
  return "glibc malloc: mmap threshold 32 MiB, trim threshold 1 GiB";
#else
  return "not set: not glibc";
#endif
}

}  // namespace

const std::string& settle_allocator() {
  static const std::string what = settle();  // thread-safe, once per process
  return what;
}

}  // namespace mmbench
