// The template that tests/doubles/leaky_module.cpp and leaky_host.cpp both instantiate, standing for a header-only
// library (Eigen) that a backend module and the executable each compile: the self-test of module_symbols.
#pragma once

namespace leaky {
template <class T>
__attribute__((noinline)) T twice(T x) {
  return x + x;
}
}  // namespace leaky
