// The first line of a small text file (sysfs, /proc, /etc/os-release), empty when it is missing or unreadable:
// machine facts are optional, never an error. Internal to src/core.
#pragma once
#include <fstream>
#include <string>

namespace mmbench {

inline std::string first_line_of(const std::string& path) {
  std::ifstream f(path);
  std::string line;
  std::getline(f, line);
  return line;
}

}  // namespace mmbench
