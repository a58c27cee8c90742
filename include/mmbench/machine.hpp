// A machine's identity across runs: a stable id (a UUID created once and kept under $XDG_STATE_HOME/mmbench/), a
// label people choose (--machine, default the hostname), and a fingerprint of its hardware from stable facts only
// (CPU model, clusters and core counts, memory, architecture, board model) — never clocks, load or governors,
// which change from run to run. Stored with every run; compare keys its calibration on the fingerprint.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace mmbench {

// The stable hardware facts of an environment (capture_environment's facts) as one JSON object.
nlohmann::json stable_hardware(const nlohmann::json& environment);
// 16 hex digits: FNV-1a 64 of the stable facts' JSON text (written here: a stable, dependency-free hash of a short
// text; std::hash may differ between standard libraries, and a cryptographic hash is not needed to tell machines
// apart).
std::string hardware_fingerprint(const nlohmann::json& environment);

// $XDG_STATE_HOME/mmbench (or ~/.local/state/mmbench): where the machine id and the calibration live.
std::string state_dir();
// The machine id kept in <state_dir>/machine-id, created on first use from the kernel's UUID generator. Throws
// mmbench::Error when it cannot be read or created.
std::string machine_id();

// {"id", "label", "fingerprint", "hardware"}: what a run stores as environment.machine. Empty label: the hostname.
nlohmann::json machine_identity(const nlohmann::json& environment, const std::string& label);

}  // namespace mmbench
