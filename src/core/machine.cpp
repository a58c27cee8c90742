// Machine identity (machine.hpp): the id file, the stable facts and their fingerprint.
#include "mmbench/machine.hpp"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "mmbench/error.hpp"

namespace mmbench {

nlohmann::json stable_hardware(const nlohmann::json& env) {
  nlohmann::json h = nlohmann::json::object();
  for (const char* key : {"cpu_model", "logical_cpus", "arch", "board_model"})
    if (env.contains(key)) h[key] = env[key];
  // Memory as whole GiB: the kernel's total moves by a few MiB between boots (reserved memory, firmware).
  if (env.contains("memory_bytes") && env["memory_bytes"].is_number())
    h["memory_gib"] = static_cast<int64_t>(env["memory_bytes"].get<double>() / (1024.0 * 1024 * 1024) + 0.5);
  if (env.contains("cpu_topology")) {
    const auto& t = env["cpu_topology"];
    h["physical_cores"] = t.value("physical_cores", 0);
    h["packages"] = t.value("packages", 0);
    h["smt"] = t.value("smt", false);
    nlohmann::json clusters = nlohmann::json::array();
    if (t.contains("clusters"))
      for (const auto& c : t["clusters"])  // kinds of core and where they are; not their clocks
        clusters.push_back({{"core_type", c.value("core_type", std::string())},
                            {"cpus", c.value("cpus", std::string())},
                            {"physical_cores", c.value("physical_cores", 0)}});
    h["clusters"] = clusters;
  }
  return h;
}

std::string hardware_fingerprint(const nlohmann::json& env) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  for (unsigned char c : stable_hardware(env).dump()) h = (h ^ c) * 1099511628211ull;
  return fmt::format("{:016x}", h);
}

std::string state_dir() {
  namespace fs = std::filesystem;
  const char* state = std::getenv("XDG_STATE_HOME");
  const char* home = std::getenv("HOME");
  const fs::path base = state && *state ? fs::path(state) : fs::path(home && *home ? home : ".") / ".local/state";
  return (base / "mmbench").string();
}

std::string machine_id() {
  namespace fs = std::filesystem;
  const fs::path file = fs::path(state_dir()) / "machine-id";
  std::string id;
  if (std::ifstream in(file); in && std::getline(in, id) && id.size() == 36) return id;
  std::ifstream uuid("/proc/sys/kernel/random/uuid");  // the kernel's random (version 4) UUID
  if (!uuid || !std::getline(uuid, id) || id.size() != 36)
    throw Error("cannot make a machine id: /proc/sys/kernel/random/uuid unreadable");
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  // A new file beside it, renamed into place: two runs starting at once keep one of the two ids, both whole.
  const fs::path tmp = file.string() + fmt::format(".{}", id.substr(0, 8));
  std::ofstream(tmp) << id << "\n";
  fs::rename(tmp, file, ec);
  if (ec) throw Error("cannot keep the machine id in " + file.string() + ": " + ec.message());
  std::ifstream again(file);  // whichever id won the race is the machine's
  if (again && std::getline(again, id) && id.size() == 36) return id;
  throw Error("cannot read the machine id back from " + file.string());
}

nlohmann::json machine_identity(const nlohmann::json& env, const std::string& label) {
  return {{"id", machine_id()},
          {"label", label.empty() ? env.value("hostname", std::string("unknown")) : label},
          {"fingerprint", hardware_fingerprint(env)},
          {"hardware", stable_hardware(env)}};
}

}  // namespace mmbench
