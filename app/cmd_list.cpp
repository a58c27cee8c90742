// `mmbench list`: every backend compiled in, whether it is usable on this machine (and why not), its library,
// version, device, dtypes and the file it was loaded from. --json adds the device's fields and the reason's code.
#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "mmbench/cpu_topology.hpp"
#include "mmbench/error.hpp"
#include "mmbench/record_json.hpp"

namespace mmbench::app {

Command add_list_command(CLI::App& app, const Registry& reg) {
  auto json_out = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("list", "List the backends compiled in and whether each is usable here");
  cmd->add_flag("--json", *json_out, "Print a JSON array instead of a table");
  return [json_out, &reg] {
    nlohmann::json all = nlohmann::json::array();
    const BackendOptions options = with_environment_defaults({});  // no plan here: from the environment
    for (const auto& e : reg.entries()) {
      if (!e.listed) continue;
      auto be = reg.make(e.name, options);
      const auto why = be->probe();
      const BackendFacts& f = be->facts();
      std::vector<std::string> dt;
      for (DType d : be->description().dtypes) dt.emplace_back(to_string(d));
      // "device" is the text people read; "device_identity" the same device as fields, as records carry it.
      all.push_back({{"name", e.name},
                     {"usable", !why},
                     {"reason", why ? why->text : ""},
                     {"reason_code", why ? std::string(to_string(why->code)) : ""},
                     {"library", be->description().library},
                     {"version", f.version},
                     {"device", f.device.text()},
                     {"device_identity", to_json(f.device)},
                     {"dtypes", dt},
                     {"path", f.path},
                     {"contender", e.contender},
                     {"devices", f.devices}});
    }
    if (*json_out) {
      std::cout << all.dump(2) << "\n";
      return 0;
    }
    size_t width = 16;  // the longest name sets the column
    for (const auto& b : all) width = std::max(width, b["name"].get<std::string>().size());
    for (const auto& b : all) {
      std::string dts;
      for (const auto& d : b["dtypes"]) dts += (dts.empty() ? "" : ",") + d.get<std::string>();
      std::cout << fmt::format(
          "{:<{}} {:<4} {}\n", b["name"].get<std::string>(), width, b["usable"] ? "yes" : "no",
          b["usable"] ? fmt::format("{} {} on {} [{}]{}{}", b["library"].get<std::string>(),
                                    b["version"].get<std::string>(), b["device"].get<std::string>(), dts,
                                    b["path"].get<std::string>().empty() ? "" : " ", b["path"].get<std::string>())
                      : b["reason"].get<std::string>());
      if (b["devices"].size() > 1)  // more than one device: say which exist and how to pick another
        for (const auto& d : b["devices"]) std::cout << fmt::format("{:<{}} {}\n", "", width + 5, d.get<std::string>());
      if (!b["contender"])
        std::cout << fmt::format("{:<{}} (the oracle of the tests; not run unless named)\n", "", width + 5);
    }
    // Unlisted variants that users choose by name (the NPU core mask), in one line.
    bool variants = false;
    for (const auto& e : reg.entries()) variants = variants || (!e.listed && e.name.find('@') != std::string::npos);
    if (variants)
      std::cout << "rknpu:matmul* with a core mask: append @core0, @core1, @core2, @core01 or @core012 to the name\n";
    // The CPU backends run where --cpus pins them: name the clusters it knows.
    const CpuTopology topology = read_cpu_topology();
    std::cout << "CPU clusters (--cpus " << (topology.clusters.size() > 1 ? "big, little, all" : "all")
              << ", or CPU numbers): " << topology.describe_clusters() << "\n";
    return 0;
  };
}

}  // namespace mmbench::app
