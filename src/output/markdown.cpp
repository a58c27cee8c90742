// Markdown sink: the environment, the warnings and the comparison table, ready to paste into an issue or a post.
#include "mmbench/sinks.hpp"

namespace mmbench {

void write_markdown(std::ostream& os, const Report& rep) {
  os << "# mmbench results\n\n";
  if (!rep.runs.empty()) {
    const auto& env = rep.runs.back().environment;
    os << "## Machine\n\n";
    for (const char* key : {"cpu_model", "logical_cpus", "threads_requested", "memory_bytes", "os", "kernel", "arch",
                            "governor", "load_average_1min", "compiler", "build_type", "mmbench_version", "started_at"})
      if (env.contains(key))
        os << "- " << key << ": " << (env[key].is_string() ? env[key].get<std::string>() : env[key].dump()) << "\n";
    bool any = false;
    for (const auto& run : rep.runs)
      for (const auto& w : run.warnings) {
        if (!any) os << "\n## Warnings\n\n";
        any = true;
        os << "- " << w << "\n";
      }
    os << "\n";
  }
  os << "## Results\n\n";
  write_table(os, rep, true);
}

}  // namespace mmbench
