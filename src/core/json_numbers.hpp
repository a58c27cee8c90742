// Whole numbers read back from JSON (a store's records and plans) with their range checked. nlohmann's get<int>()
// converts a float such as 1e93 with a static_cast, which is undefined behaviour, and wraps an integer that does not
// fit (threads 4294967298 would read as 2); these refuse both with an Error naming the key. Found by tests/fuzz.
#pragma once
#include <cmath>
#include <limits>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mmbench/error.hpp"

namespace mmbench::json_numbers {

// A JSON integer, or a float with an integral value (written by another tool), within T's range.
template <class T>
T whole(const nlohmann::json& v, std::string_view key) {
  static_assert(std::is_integral_v<T>);
  if (v.is_number_unsigned()) {
    if (const auto u = v.get<uint64_t>(); std::in_range<T>(u)) return static_cast<T>(u);
  } else if (v.is_number_integer()) {
    if (const auto i = v.get<int64_t>(); std::in_range<T>(i)) return static_cast<T>(i);
  } else if (v.is_number_float()) {
    const double d = v.get<double>();
    const double end = std::ldexp(1.0, std::numeric_limits<T>::digits);  // 2^31 for int: exact as a double
    if (d == std::trunc(d) && d >= (std::is_signed_v<T> ? -end : 0.0) && d < end) return static_cast<T>(d);
  }
  throw Error(fmt::format("'{}' is {}, not a whole number from {} to {}", key, v.dump(), std::numeric_limits<T>::min(),
                          std::numeric_limits<T>::max()));
}

// j[key] as whole<T>, or `fallback` when the key is absent (nlohmann's value(), checked).
template <class T>
T whole_or(const nlohmann::json& j, std::string_view key, T fallback) {
  if (!j.is_object()) throw Error(fmt::format("expected an object holding '{}', got {}", key, j.type_name()));
  const auto it = j.find(key);
  return it == j.end() ? fallback : whole<T>(*it, key);
}

template <class T>
std::vector<T> wholes(const nlohmann::json& v, std::string_view key) {
  if (!v.is_array()) throw Error(fmt::format("'{}' is {}, not an array of whole numbers", key, v.type_name()));
  std::vector<T> out;
  out.reserve(v.size());
  for (const auto& x : v) out.push_back(whole<T>(x, key));
  return out;
}

}  // namespace mmbench::json_numbers
