// Records and point keys as JSON: the worker protocol (one line per record over a pipe) and the JSON sink
// use the same conversion, so the two cannot drift apart.
#pragma once
#include <nlohmann/json.hpp>

#include "mmbench/record.hpp"
#include "mmbench/sweep.hpp"

namespace mmbench {

nlohmann::json to_json(const DeviceIdentity& d);
DeviceIdentity device_identity_from_json(const nlohmann::json& j);
nlohmann::json to_json(const DeviceState& s);
DeviceState device_state_from_json(const nlohmann::json& j);
nlohmann::json to_json(const PointKey& k);
PointKey point_key_from_json(const nlohmann::json& j);
nlohmann::json to_json(const Record& r);
Record record_from_json(const nlohmann::json& j);
nlohmann::json to_json(const MeasureOptions& o);
MeasureOptions measure_options_from_json(const nlohmann::json& j);

}  // namespace mmbench
