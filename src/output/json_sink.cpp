// JSON sink: {schema_version, generator, runs: [{plan, environment, warnings}], results: [record...]}.
// Field meanings are documented in docs/output-schema.md.
#include "mmbench/record_json.hpp"
#include "mmbench/sinks.hpp"

namespace mmbench {

void write_json(std::ostream& os, const Report& rep) {
  nlohmann::json j;
  j["schema_version"] = kSchemaVersion;
  j["generator"] = "mmbench";
  j["bytes_note"] = "gbs and min_bytes count the minimum traffic (A and B read once, C written once), not measured traffic";
  j["runs"] = nlohmann::json::array();
  for (const auto& r : rep.runs)
    j["runs"].push_back({{"id", r.id}, {"started_at", r.started_at}, {"plan", r.plan}, {"environment", r.environment},
                         {"warnings", r.warnings}});
  j["results"] = nlohmann::json::array();
  for (const auto& r : rep.records) j["results"].push_back(to_json(r));
  os << j.dump(2) << "\n";
}

}  // namespace mmbench
