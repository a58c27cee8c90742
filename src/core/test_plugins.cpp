// Test-only backends come from a plugin named by MMBENCH_TEST_PLUGIN (built under tests/doubles, never installed):
// it lets end-to-end tests inject crashes, hangs and wrong answers into the real binary without shipping them.
// Only builds with tests (MMB_TEST_HOOKS, set by BUILD_TESTING) have the hook; others say they ignore it.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include "mmbench/registry.hpp"

namespace mmbench {

void add_test_plugins([[maybe_unused]] Registry& registry) {
  const char* path = std::getenv("MMBENCH_TEST_PLUGIN");
  if (!path || !*path) return;
#ifndef MMB_TEST_HOOKS
  std::fprintf(stderr, "mmbench: warning: MMBENCH_TEST_PLUGIN ignored: this build has no test hooks (BUILD_TESTING)\n");
#else
  void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    std::fprintf(stderr, "mmbench: warning: test plugin not loaded: %s\n", dlerror());
    return;
  }
  using RegisterFn = void (*)(Registry&);
  auto fn = reinterpret_cast<RegisterFn>(dlsym(handle, "mmbench_register_test_backends"));
  if (!fn) {
    std::fprintf(stderr, "mmbench: warning: %s has no mmbench_register_test_backends\n", path);
    return;
  }
  fn(registry);  // the handle stays open for the life of the process: the backends' code lives there
#endif
}

}  // namespace mmbench
