// Rendering of an output folder from the store: every file comes from the same records, so `mmbench report`
// later produces exactly what `mmbench run` wrote. The latest record of a point wins (a --resume re-measure).
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "mmbench/error.hpp"
#include "mmbench/sinks.hpp"

namespace mmbench {

Report load_report(const Store& store) {
  Report rep;
  rep.runs = store.runs();
  for (auto& r : store.records()) {
    auto same = std::find_if(rep.records.begin(), rep.records.end(), [&](const Record& x) { return x.key == r.key; });
    if (same != rep.records.end()) *same = std::move(r);
    else rep.records.push_back(std::move(r));
  }
  return rep;
}

std::vector<std::string> render_outputs(const std::string& out_dir, const Report& rep) {
  std::vector<std::string> written;
  auto emit = [&](const char* name, void (*writer)(std::ostream&, const Report&)) {
    const std::string path = (std::filesystem::path(out_dir) / name).string();
    std::ofstream f(path);
    if (!f) throw Error("cannot write " + path);
    writer(f, rep);
    written.push_back(path);
  };
  emit("results.json", write_json);
  emit("results.csv", write_csv);
  emit("results.md", write_markdown);
  return written;
}

}  // namespace mmbench
