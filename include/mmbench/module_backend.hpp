// Backends whose runtime is heavy (libtorch: 120 MB, oneDNN: 40 MB) are built as modules (mmbench-<name>.so next to
// the binary) and loaded only when that backend is made: every other worker process starts without them. A module
// exports `extern "C" mmbench::Backend* mmbench_make_module_backend()`, defined with MMBENCH_MODULE_ENTRY.
#pragma once
#include <memory>
#include <string>

#include "mmbench/backend.hpp"

// The one symbol a module exports. Modules are compiled with hidden visibility (mmbench_module_backend in
// cmake/mmbench_backend.cmake): the header-only code a module instantiates (Eigen built with -march=native) then
// stays the module's own and is never bound to the executable's copy of the same template, compiled with other
// flags (the ODR trap of issue 17). The module_symbols tests check it on every module.
#define MMBENCH_MODULE_ENTRY \
  extern "C" __attribute__((visibility("default"))) mmbench::Backend* mmbench_make_module_backend()

namespace mmbench {

// Searches MMBENCH_MODULE_DIR, the executable's folder (a build folder), then <exe>/../lib/<multiarch>/mmbench (an
// installed mmbench; docs/packages.md), and in builds with tests the build folder. When the module cannot be
// loaded, returns a backend whose probe() says why (and which `package` would add it) and whose description() is
// `placeholder`.
std::unique_ptr<Backend> make_module_backend(const std::string& file, const std::string& package,
                                             const BackendDescription& placeholder);

}  // namespace mmbench
