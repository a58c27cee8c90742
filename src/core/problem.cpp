// Work and traffic of one C = A·B: the single definition every other module uses.
#include "mmbench/problem.hpp"

#include <fmt/format.h>

namespace mmbench {

double Problem::flops() const {
  return flops_of(static_cast<double>(m), static_cast<double>(n), static_cast<double>(k));
}

double Problem::flops_of(double m, double n, double k) {
  return 2.0 * m * n * k;
}

double Problem::bytes() const {
  const double mk = static_cast<double>(m) * k, kn = static_cast<double>(k) * n, mn = static_cast<double>(m) * n;
  return mk * element_bytes(dtype) + kn * b_element_bytes(dtype) + mn * result_bytes(dtype);
}

double Problem::footprint_bytes() const {
  return bytes();
}

std::string Problem::shape() const {
  return fmt::format("{}x{}x{}", m, n, k);
}

}  // namespace mmbench
