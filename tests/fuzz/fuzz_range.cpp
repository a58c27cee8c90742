// Fuzz target: the size-range syntax (parse_range) and name lists (split_list) that --size, -M/-N/-K, --bar-sizes,
// -b and -d are read with. Bad text must be a UsageError; what is accepted must keep the parser's promises:
// positive values up to 2^40, no duplicates, at most 100000 per axis; names trimmed, non-empty and distinct.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "mmbench/error.hpp"
#include "mmbench/range_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto values = mmbench::parse_range(text, "size");
    if (values.empty() || values.size() > 100000) std::abort();
    std::set<int64_t> seen;
    for (int64_t v : values)
      if (v < 1 || v > (int64_t{1} << 40) || !seen.insert(v).second) std::abort();
  } catch (const mmbench::UsageError&) {
  }
  try {
    const auto names = mmbench::split_list(text, "backend");
    std::set<std::string> seen;
    for (const auto& n : names)
      if (n.empty() || n.front() == ' ' || n.back() == ' ' || n.find(',') != std::string::npos ||
          !seen.insert(n).second)
        std::abort();
  } catch (const mmbench::UsageError&) {
  }
  return 0;
}
