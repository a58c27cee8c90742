// Backends whose runtime is heavy (libtorch: 120 MB, oneDNN: 40 MB) are built as modules (mmbench-<name>.so next to
// the binary) and loaded only when that backend is made: every other worker process starts without them. A module
// exports `extern "C" mmbench::Backend* mmbench_make_module_backend()`.
#pragma once
#include <memory>
#include <string>

#include "mmbench/backend.hpp"

namespace mmbench {

// Searches MMBENCH_MODULE_DIR, the executable's folder, then the build folder. When the module cannot be loaded,
// returns a backend whose probe() says why (and whose description() is `placeholder`).
std::unique_ptr<Backend> make_module_backend(const std::string& file, const BackendDescription& placeholder);

}  // namespace mmbench
