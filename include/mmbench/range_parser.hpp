// The range syntax shared by the CLI and the presets: "128:4096:128" (arithmetic), "64:4096:*2" (geometric),
// "2^7:2^12" (powers of two), lists "1,8,128" and any mix of them ("1,8,128:512:128").
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mmbench {

// Positive integers in the order written, duplicates removed. Throws UsageError naming the bad piece:
// zero, negative, non-numeric, overflowing, empty or reversed ranges, zero steps.
std::vector<int64_t> parse_range(std::string_view text, std::string_view what = "size");
// Comma-separated names ("f32,f64"), trimmed, empty pieces rejected.
std::vector<std::string> split_list(std::string_view text, std::string_view what);

}  // namespace mmbench
