// Device identity and state: names, the text people read, and the reading of records written before the device
// was a type (schema 1: one string mixing identity and telemetry).
#include "mmbench/device.hpp"

#include <fmt/format.h>

#include "mmbench/error.hpp"

namespace mmbench {

std::string_view to_string(DeviceKind k) {
  switch (k) {
    case DeviceKind::host:
      return "host";
    case DeviceKind::emulated:
      return "emulated";
    case DeviceKind::gpu:
      return "gpu";
    case DeviceKind::npu:
      return "npu";
  }
  return "host";
}

DeviceKind parse_device_kind(std::string_view s) {
  for (DeviceKind k : {DeviceKind::host, DeviceKind::emulated, DeviceKind::gpu, DeviceKind::npu})
    if (to_string(k) == s) return k;
  throw Error("unknown device kind '" + std::string(s) + "'");
}

std::string DeviceIdentity::text() const {
  if (kind == DeviceKind::host && name.empty()) return "CPU";
  std::string s = name.empty() ? std::string(to_string(kind)) : name;
  std::string in;
  if (!vendor.empty()) in = vendor;
  if (!id.empty()) in += (in.empty() ? "" : ", ") + id;
  if (!in.empty()) s += " (" + in + ")";
  if (kind == DeviceKind::emulated) s += ", emulated on the CPU";
  return s;
}

std::string Reading::display() const {
  if (!text.empty()) return text;
  return unit.empty() ? fmt::format("{:g}", value) : fmt::format("{:g} {}", value, unit);
}

void device_from_legacy_text(std::string_view backend, std::string_view text, DeviceIdentity& id, DeviceState& state) {
  id = {};
  if (text.empty() || text == "CPU") return;
  const bool emulated = text.find("emulated on the CPU") != std::string_view::npos;
  if (emulated)
    id.kind = DeviceKind::emulated;
  else if (backend.rfind("rknpu:", 0) == 0)
    id.kind = DeviceKind::npu;
  else if (backend.rfind("cuda:", 0) == 0 || backend.rfind("opencl:", 0) == 0)
    id.kind = DeviceKind::gpu;
  // The name ends where the old text began its details: " (" (OpenCL), "; " (cuBLAS clocks), ", " (rknpu state).
  size_t end = text.size();
  for (std::string_view sep : {" (", "; ", ", "}) end = std::min(end, text.find(sep));
  id.name = std::string(text.substr(0, end));
  if (end < text.size()) state["legacy"] = reading_text(std::string(text.substr(end)));
}

}  // namespace mmbench
