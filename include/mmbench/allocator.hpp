// The measuring process's allocator, settled before any point: freed memory stays in the process instead of going
// back to the kernel. A library that allocates its work buffers on every call (Eigen's GEMM packs into a fresh
// buffer per product) otherwise measures glibc's trimming and the kernel's page zeroing, by an amount that depends
// on which points the process ran before. docs/methodology.md, "Sampling and stopping", has the figures.
#pragma once
#include <string>

namespace mmbench {

// Fixes glibc's thresholds once per process (later calls do nothing). Returns what it set, for the docs and tests:
// "glibc malloc: mmap threshold 32 MiB, trim threshold 1 GiB", or why nothing was set (another C library, a
// sanitizer's allocator).
const std::string& settle_allocator();

}  // namespace mmbench
