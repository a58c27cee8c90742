// Parser of the range syntax shared by the CLI and presets. Hand-written because it is twenty lines of
// grammar with error messages that must name the exact bad piece; no library offers this syntax.
#include "mmbench/range_parser.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_set>

#include <fmt/format.h>

#include "mmbench/error.hpp"

namespace mmbench {
namespace {

constexpr int64_t kMaxValue = int64_t{1} << 40;  // far beyond any matrix dimension, far from overflow
constexpr size_t kMaxValues = 100000;            // values in one axis, over all its pieces

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

[[noreturn]] void bad(std::string_view what, std::string_view text, std::string_view why) {
  throw UsageError(
      fmt::format("invalid {} '{}': {} (allowed: positive integers, 2^k, lists a,b,c, "
                  "ranges lo:hi[:step] or lo:hi:*factor)",
                  what, text, why));
}

// A positive integer: decimal digits or 2^k.
int64_t parse_number(std::string_view piece, std::string_view what, std::string_view whole) {
  piece = trim(piece);
  if (piece.empty()) bad(what, whole, "empty value");
  if (piece.front() == '-') bad(what, whole, fmt::format("'{}' is negative", piece));
  if (auto caret = piece.find('^'); caret != std::string_view::npos) {
    const int64_t base = parse_number(piece.substr(0, caret), what, whole);
    const int64_t exp = parse_number(piece.substr(caret + 1), what, whole);
    if (base != 2) bad(what, whole, fmt::format("'{}': only powers of 2 are written with ^", piece));
    if (exp >= 40) bad(what, whole, fmt::format("'{}' is too large", piece));
    return int64_t{1} << exp;
  }
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(piece.data(), piece.data() + piece.size(), v);
  if (ec == std::errc::result_out_of_range) bad(what, whole, fmt::format("'{}' is too large", piece));
  if (ec != std::errc() || ptr != piece.data() + piece.size())
    bad(what, whole, fmt::format("'{}' is not a number", piece));
  if (v > kMaxValue) bad(what, whole, fmt::format("'{}' is too large", piece));
  if (v == 0) bad(what, whole, fmt::format("'{}' is zero", piece));
  return v;
}

void parse_piece(std::string_view piece, std::string_view what, std::string_view whole, std::vector<int64_t>& out) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t pos; (pos = piece.find(':', start)) != std::string_view::npos; start = pos + 1)
    parts.push_back(piece.substr(start, pos - start));
  parts.push_back(piece.substr(start));
  if (parts.size() == 1) {
    out.push_back(parse_number(parts[0], what, whole));
    return;
  }
  if (parts.size() > 3) bad(what, whole, fmt::format("'{}' has more than three parts", piece));
  const int64_t lo = parse_number(parts[0], what, whole), hi = parse_number(parts[1], what, whole);
  if (lo > hi) bad(what, whole, fmt::format("range '{}' is reversed (start {} > end {})", piece, lo, hi));
  std::string_view step = parts.size() == 3 ? trim(parts[2]) : std::string_view("1");
  if (!step.empty() && step.front() == '*') {
    const int64_t factor = parse_number(step.substr(1), what, whole);
    if (factor < 2) bad(what, whole, fmt::format("factor in '{}' must be at least 2", piece));
    for (int64_t v = lo;; v *= factor) {  // v * factor is checked before it is made: no overflow
      out.push_back(v);
      if (v > hi / factor) break;
    }
    return;
  }
  if (piece.find('^') != std::string_view::npos && parts.size() == 2) {  // 2^a:2^b = every power of two
    for (int64_t v = lo; v <= hi; v *= 2) out.push_back(v);
    return;
  }
  const int64_t s = parse_number(step, what, whole);
  if ((hi - lo) / s > 100000) bad(what, whole, fmt::format("range '{}' has more than 100000 values", piece));
  for (int64_t v = lo; v <= hi; v += s) out.push_back(v);
}

}  // namespace

std::vector<int64_t> parse_range(std::string_view text, std::string_view what) {
  if (trim(text).empty()) bad(what, text, "empty");
  std::vector<int64_t> out;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    parse_piece(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start), what,
                text, out);
    if (out.size() > kMaxValues)  // checked per piece: a long list of long ranges must not fill memory first
      bad(what, text, fmt::format("more than {} values in one axis", kMaxValues));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  std::vector<int64_t> unique;  // first occurrence wins, order kept; a set keeps this linear
  std::unordered_set<int64_t> seen;
  for (int64_t v : out)
    if (seen.insert(v).second) unique.push_back(v);
  return unique;
}

std::vector<std::string> split_list(std::string_view text, std::string_view what) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    auto piece = trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (piece.empty()) throw UsageError(fmt::format("invalid {} list '{}': empty name", what, text));
    if (std::find(out.begin(), out.end(), piece) == out.end()) out.emplace_back(piece);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace mmbench
