// How a point's calls treat their data: the sweep's `mode` axis, one enum so no layer compares strings.
// hot: the same A and B every call; cold: rotated copies read from DRAM; e2e: every call also copies to and
// from a device. The names are the CLI's and the store's spelling.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mmbench {

enum class Mode { hot, cold, e2e };

std::string_view to_string(Mode m);
// Throws UsageError naming the allowed values.
Mode parse_mode(std::string_view s);
std::vector<Mode> all_modes();
std::string mode_names();  // "hot, cold, e2e"

}  // namespace mmbench
