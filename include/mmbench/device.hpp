// Where a point ran, as two separate things: the device's identity (stable across runs of the same hardware; what
// compare and the fleet store match on) and its state over the point (measured telemetry such as clocks and
// governors, each reading with its unit). Nothing downstream parses device text: it asks these fields.
#pragma once
#include <map>
#include <string>
#include <string_view>

namespace mmbench {

// host: the CPU the process runs on; emulated: an accelerator API served by the CPU (PoCL), which the host's
// roofs bound too; gpu and npu: devices with their own compute and, usually, memory.
enum class DeviceKind { host, emulated, gpu, npu };
std::string_view to_string(DeviceKind k);
DeviceKind parse_device_kind(std::string_view s);  // throws Error

struct DeviceIdentity {
  DeviceKind kind = DeviceKind::host;
  std::string vendor;  // "NVIDIA", "Rockchip", "The pocl project"; empty for the host
  std::string name;    // "NVIDIA H200", "RK3588 NPU", "cpu-znver4"; empty for the host (the environment names it)
  std::string id;      // what tells two devices of one machine apart: a PCI bus id, an OpenCL platform/device index
  bool operator==(const DeviceIdentity&) const = default;
  bool on_host() const { return kind == DeviceKind::host || kind == DeviceKind::emulated; }
  // For people: "CPU", "NVIDIA H200 (NVIDIA, 0000:19:00.0)", "cpu-znver4 (The pocl project), emulated on the CPU".
  std::string text() const;
};

// One measured reading of the device's state: a number with its unit ("MHz", "%", "Hz"), or text where the
// quantity is not a number (a governor's name, a driver version).
struct Reading {
  double value = 0;
  std::string unit;
  std::string text;  // non-empty: the reading is this text, value and unit unused
  bool operator==(const Reading&) const = default;
  std::string display() const;  // "1980 MHz", "performance"
};
using DeviceState = std::map<std::string, Reading>;

inline Reading reading(double value, std::string unit) {
  return {value, std::move(unit), {}};
}
inline Reading reading_text(std::string text) {
  return {0, {}, std::move(text)};
}

// Records written before the device became a type kept one string ("CPU", "<name> (<platform>, ...)",
// "<gpu>; SM clock a -> b MHz over the point"). Splits it into identity and state, the kind from the backend's family.
void device_from_legacy_text(std::string_view backend, std::string_view text, DeviceIdentity& id, DeviceState& state);

}  // namespace mmbench
