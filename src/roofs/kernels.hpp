// The probe's kernels, one function per instruction set (compiled with target attributes on x86, NEON on aarch64).
// Internal to src/roofs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace mmbench::roofs {

// Runs `iters` iterations of independent FMA chains; returns the flops done (a result sink keeps them alive).
double fma_kernel(const std::string& isa, int64_t iters, float* sink);
std::string best_isa();  // what this CPU supports, best first
int fp32_lanes(const std::string& isa);
// Sum of n doubles with several accumulators (vectorised): a read stream.
double read_kernel(const double* a, size_t n);
// a[i] = b[i] + s·c[i]
void triad_kernel(double* a, const double* b, const double* c, double s, size_t n);

}  // namespace mmbench::roofs
