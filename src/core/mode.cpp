// Names of the measurement modes, as the CLI, the store and every output spell them.
#include "mmbench/mode.hpp"

#include "mmbench/error.hpp"

namespace mmbench {

std::string_view to_string(Mode m) {
  switch (m) {
    case Mode::hot:
      return "hot";
    case Mode::cold:
      return "cold";
    case Mode::e2e:
      return "e2e";
  }
  return "hot";
}

std::vector<Mode> all_modes() {
  return {Mode::hot, Mode::cold, Mode::e2e};
}

std::string mode_names() {
  std::string s;
  for (Mode m : all_modes()) s += (s.empty() ? "" : ", ") + std::string(to_string(m));
  return s;
}

Mode parse_mode(std::string_view s) {
  for (Mode m : all_modes())
    if (to_string(m) == s) return m;
  throw UsageError("unknown mode '" + std::string(s) + "' (known: " + mode_names() + ")");
}

}  // namespace mmbench
