// JSON sink: {schema_version, generator, runs: [{plan, environment, warnings}], results: [record...]}.
// Field meanings are documented in docs/output-schema.md. Written a record at a time: the bytes are those of
// dump(2) of the whole document, but a store of 100k records needs no document of a gigabyte in memory first.
#include "mmbench/record_json.hpp"
#include "mmbench/sinks.hpp"

namespace mmbench {
namespace {

// `text` (a dump(2)) as it appears nested `spaces` deep: JSON strings hold no raw newline, so every line break
// starts a line of the value.
void write_indented(std::ostream& os, const std::string& text, int spaces) {
  const std::string pad(static_cast<size_t>(spaces), ' ');
  size_t begin = 0;
  for (size_t nl = text.find('\n'); nl != std::string::npos; begin = nl + 1, nl = text.find('\n', begin))
    os.write(text.data() + begin, static_cast<std::streamsize>(nl + 1 - begin)) << pad;
  os.write(text.data() + begin, static_cast<std::streamsize>(text.size() - begin));
}

void write_results(std::ostream& os, const std::vector<Record>& records) {
  if (records.empty()) {
    os << "[]";
    return;
  }
  os << "[";
  for (const auto& r : records) {
    os << (&r == &records.front() ? "\n    " : ",\n    ");
    write_indented(os, to_json(r).dump(2), 4);
  }
  os << "\n  ]";
}

}  // namespace

void write_json(std::ostream& os, const Report& rep) {
  nlohmann::json j;
  j["schema_version"] = kSchemaVersion;
  j["generator"] = "mmbench";
  j["bytes_note"] =
      "gbs and min_bytes count the minimum traffic (A and B read once, C written once), not measured traffic";
  j["runs"] = nlohmann::json::array();
  for (const auto& r : rep.runs)
    j["runs"].push_back({{"id", r.id},
                         {"started_at", r.started_at},
                         {"plan", r.plan},
                         {"environment", r.environment},
                         {"warnings", r.warnings}});
  j["results"] = nullptr;  // its place among the keys (dump sorts them); the records are streamed there
  os << "{";
  for (const auto& [key, value] : j.items()) {
    os << (key == j.begin().key() ? "\n  " : ",\n  ") << nlohmann::json(key).dump() << ": ";
    if (key == "results")
      write_results(os, rep.records);
    else
      write_indented(os, value.dump(2), 2);
  }
  os << "\n}\n";
}

}  // namespace mmbench
