// Machine identity (machine.hpp): the fingerprint sees the hardware and ignores what changes from run to run; the
// id is created once and kept.
#include "mmbench/machine.hpp"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

using namespace mmbench;

namespace {

nlohmann::json board() {
  return {{"cpu_model", "Cortex-A76"},
          {"logical_cpus", 8},
          {"arch", "aarch64"},
          {"board_model", "Radxa ROCK 5B"},
          {"memory_bytes", 16.0 * (1 << 30) - 300e6},
          {"cpu_topology",
           {{"physical_cores", 8},
            {"packages", 1},
            {"smt", false},
            {"clusters",
             {{{"core_type", "Arm Cortex-A55"}, {"cpus", "0-3"}, {"physical_cores", 4}, {"max_ghz", 1.8}},
              {{"core_type", "Arm Cortex-A76"}, {"cpus", "4-7"}, {"physical_cores", 4}, {"max_ghz", 2.4}}}}}},
          {"cpu_mhz", 1800.0},
          {"load_average_1min", 0.3},
          {"governor", "schedutil"},
          {"hostname", "rock-a"},
          {"kernel", "Linux 6.1"}};
}

}  // namespace

TEST(Machine, FingerprintIgnoresWhatChangesFromRunToRun) {
  const auto a = board();
  auto b = a;
  b["cpu_mhz"] = 2400.0, b["load_average_1min"] = 3.1, b["governor"] = "performance", b["hostname"] = "renamed";
  b["kernel"] = "Linux 6.6", b["memory_bytes"] = 16.0 * (1 << 30) - 280e6;  // a few MB more after a reboot
  b["cpu_topology"]["clusters"][1]["max_ghz"] = 2.256;
  EXPECT_EQ(hardware_fingerprint(a), hardware_fingerprint(b));
  EXPECT_EQ(hardware_fingerprint(a).size(), 16u);
}

TEST(Machine, FingerprintSeesTheHardware) {
  const auto a = board();
  for (const auto& change : {nlohmann::json{{"cpu_model", "Cortex-A72"}}, nlohmann::json{{"logical_cpus", 4}},
                             nlohmann::json{{"board_model", "Orange Pi 5"}}, nlohmann::json{{"memory_bytes", 8e9}}}) {
    auto b = a;
    b.update(change);
    EXPECT_NE(hardware_fingerprint(a), hardware_fingerprint(b)) << change.dump();
  }
}

TEST(Machine, TheIdIsCreatedOnceAndKept) {
  const auto dir =
      std::filesystem::temp_directory_path() / std::string("mmbench-machine-").append(std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  ::setenv("XDG_STATE_HOME", dir.c_str(), 1);
  const std::string first = machine_id();
  EXPECT_EQ(first.size(), 36u);
  EXPECT_EQ(machine_id(), first);
  EXPECT_TRUE(std::filesystem::exists(dir / "mmbench" / "machine-id"));
  const auto m = machine_identity(board(), "");
  EXPECT_EQ(m["label"], "rock-a");
  EXPECT_EQ(m["id"], first);
  EXPECT_EQ(machine_identity(board(), "lab-3")["label"], "lab-3");
  ::unsetenv("XDG_STATE_HOME");
  std::filesystem::remove_all(dir);
}
