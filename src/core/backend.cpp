// The non-virtual half of the backend interface: the checks every backend gets whatever its hooks do (declared
// dtypes and modes, one probe before any use). Modules call these from the executable, which exports them.
#include "mmbench/backend.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mmbench/error.hpp"

namespace mmbench {
namespace {

std::optional<std::string> mode_refused(const std::vector<Mode>& modes, Mode mode) {
  if (std::find(modes.begin(), modes.end(), mode) != modes.end()) return std::nullopt;
  std::string offers;
  for (Mode m : modes) offers += (offers.empty() ? "" : ", ") + std::string(to_string(m));
  return fmt::format("mode {} not offered (offers: {})", to_string(mode), offers);
}

}  // namespace

std::string_view to_string(ProbeCode c) {
  switch (c) {
    case ProbeCode::library_missing:
      return "library_missing";
    case ProbeCode::no_device:
      return "no_device";
    case ProbeCode::no_matching_device:
      return "no_matching_device";
    case ProbeCode::too_old:
      return "too_old";
    case ProbeCode::other:
      return "other";
  }
  return "other";
}

void Backend::configure(BackendOptions o) {
  options_ = std::move(o);
  probed_ = false;  // other options, other answer
}

std::optional<Unusable> Backend::probe() {
  if (!probed_) {
    facts_ = {};
    unusable_ = do_probe(facts_);
    probed_ = true;
  }
  return unusable_;
}

std::optional<std::string> Backend::unsupported_reason(const Problem& p, Mode mode) const {
  const auto& dt = description_.dtypes;
  if (std::find(dt.begin(), dt.end(), p.dtype) == dt.end()) {
    std::string offered;
    for (DType d : dt) offered += (offered.empty() ? "" : ", ") + std::string(to_string(d));
    return "dtype " + std::string(to_string(p.dtype)) + " not offered (offers: " + offered + ")";
  }
  if (auto why = do_unsupported_reason(p)) return why;
  return mode_refused(description_.modes, mode);
}

void Backend::set_mode(Mode mode) {
  if (auto why = mode_refused(description_.modes, mode)) throw Error(description_.name + ": " + *why);
  do_set_mode(mode);
}

void Backend::prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) {
  if (auto why = probe()) throw Error(description_.name + " is not usable: " + why->text);
  do_prepare(p, a, b, c);
}

std::optional<DeviceRoof> Backend::device_roof() {
  if (probe()) return std::nullopt;
  return do_device_roof();
}

}  // namespace mmbench
