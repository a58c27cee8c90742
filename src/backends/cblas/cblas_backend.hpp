// Factories of the cblas:<family> backends (netlib, openblas, blis, atlas), one per family known to the loader.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "mmbench/backend.hpp"

namespace mmbench {
std::vector<std::string> cblas_backend_families();
std::unique_ptr<Backend> make_cblas_backend(const std::string& family);
}  // namespace mmbench
