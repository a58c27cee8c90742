// The list of backends this binary can make, by name. src/backends/all_backends.cpp fills it (the one place that
// names backends); tests may add test-only backends from a plugin chosen by an environment variable.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "mmbench/backend.hpp"

namespace mmbench {

struct BackendEntry {
  std::string name;
  std::function<std::unique_ptr<Backend>()> make;
  bool contender = true;  // shown and selected by default
  bool listed = true;     // false: test-only, never shown by `list`
  // A family of names made from a parameter: the entry "cblas:" with make_named serves every
  // "cblas:<label>=<path>" (a CBLAS library by path); make is unused then.
  std::function<std::unique_ptr<Backend>(const std::string& name)> make_named;
};

class Registry {
 public:
  void add(BackendEntry e);
  const std::vector<BackendEntry>& entries() const { return entries_; }
  const BackendEntry* find(const std::string& name) const;
  // A backend configured with the plan's options; nullptr for an unknown name. Everyone who measures, probes or
  // lists a backend makes it here, so no backend ever runs without its options.
  std::unique_ptr<Backend> make(const std::string& name, const BackendOptions& options) const;
  // Resolve a user's selection: exact names, or a family prefix ("cblas" = every cblas:*); empty = contenders.
  // Throws UsageError naming the unknown value and the known names.
  std::vector<std::string> select(const std::vector<std::string>& wanted) const;
  std::string known_names() const;

 private:
  std::vector<BackendEntry> entries_;
};

// Every backend compiled into this binary (defined in src/backends/all_backends.cpp).
Registry make_registry();
// Adds test-only backends when MMBENCH_TEST_PLUGIN names a plugin library (tests/doubles) and the build has tests
// (MMB_TEST_HOOKS); no-op otherwise (with a warning when the variable is set but the build has no hook).
void add_test_plugins(Registry& registry);

}  // namespace mmbench
