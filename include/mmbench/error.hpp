// mmbench::Error — the one exception type of the core. It carries a message for a person; a failing point turns
// it into a record, and main() turns it into a one-line message and an exit code (2 = bad usage or input).
#pragma once
#include <stdexcept>
#include <string>

namespace mmbench {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Bad input from the user (sizes, names, files): main() exits with 2.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(message) {}
};

}  // namespace mmbench
