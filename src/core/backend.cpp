// Defaults of the backend interface that need code: the dtype check every backend gets for free.
#include "mmbench/backend.hpp"

#include <algorithm>

namespace mmbench {

std::optional<std::string> Backend::unsupported_reason(const Problem& p) const {
  const auto dt = info().dtypes;
  if (std::find(dt.begin(), dt.end(), p.dtype) != dt.end()) return std::nullopt;
  std::string offered;
  for (DType d : dt) offered += (offered.empty() ? "" : ", ") + std::string(to_string(d));
  return "dtype " + std::string(to_string(p.dtype)) + " not offered (offers: " + offered + ")";
}

DeviceIdentity Backend::device_identity() const {
  const BackendInfo i = info();
  DeviceIdentity id;
  DeviceState ignored;
  device_from_legacy_text(i.name, i.device, id, ignored);
  return id;
}

}  // namespace mmbench
