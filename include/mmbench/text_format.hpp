// Small text formats more than one sink and command share: a time per call in the unit that suits it, and a CSV
// field quoted as RFC 4180 wants. One definition each, so the console, Markdown and CSV never disagree.
#pragma once
#include <string>

namespace mmbench {

std::string human_seconds_precise(double s);   // 3 significant digits, ns to s: "41.2 us"
std::string csv_quoted(const std::string& s);  // quoted (inner quotes doubled) only when it holds , " or a newline

}  // namespace mmbench
