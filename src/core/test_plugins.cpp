// Test-only backends come from a plugin named by MMBENCH_TEST_PLUGIN (built under tests/doubles, never installed):
// it lets end-to-end tests inject crashes, hangs and wrong answers into the real binary without shipping them.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include "mmbench/registry.hpp"

namespace mmbench {

void add_test_plugins(Registry& registry) {
  const char* path = std::getenv("MMBENCH_TEST_PLUGIN");
  if (!path || !*path) return;
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
}

}  // namespace mmbench
