// Sinks: the table marks the fastest verified backend and names failures; CSV quotes what needs quoting; the
// streamed JSON is the whole document's dump; a report keeps the latest record of each point, in order.
#include "mmbench/sinks.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "mmbench/record_json.hpp"

using namespace mmbench;

static Record rec(const std::string& b, Status s, double gflops, const std::string& reason = "") {
  Record r;
  r.key = {b, {64, 64, 64, DType::f32}};
  r.status = s;
  r.gflops = gflops;
  r.reason = reason;
  r.samples_s = {1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3};
  r.summary = summarize(r.samples_s);
  return r;
}

TEST(Table, MarksFastestAndNamesFailures) {
  Report rep;
  rep.records = {rec("a", Status::ok, 10), rec("b", Status::ok, 20), rec("c", Status::wrong, 99, "C is all zeros")};
  std::ostringstream os;
  write_table(os, rep, false);
  const std::string t = os.str();
  EXPECT_NE(t.find("*20.0"), std::string::npos) << t;
  EXPECT_EQ(t.find("*99"), std::string::npos) << t;  // a fast wrong answer is never the fastest
  EXPECT_NE(t.find("WRONG"), std::string::npos);
  EXPECT_NE(t.find("C is all zeros"), std::string::npos);
}

TEST(Csv, HeaderAndQuoting) {
  Report rep;
  rep.records = {rec("a", Status::failed, 0, "crashed: signal 11, \"SEGV\"")};
  std::ostringstream os;
  write_csv(os, rep);
  std::istringstream in(os.str());
  std::string header, line;
  std::getline(in, header);
  std::getline(in, line);
  EXPECT_EQ(header.rfind("backend,dtype,m,n,k,", 0), 0u);
  EXPECT_NE(line.find("\"crashed: signal 11, \"\"SEGV\"\"\""), std::string::npos) << line;
}

// A --resume re-measure replaces the earlier record of its point, in that point's place; points stay in the order
// they first appear. Threads and mode are part of the point.
TEST(LatestPerPoint, LatestWinsAndOrderIsKept) {
  auto at = [](const std::string& b, int threads, double gflops) {
    Record r = rec(b, Status::ok, gflops);
    r.key.threads = threads;
    return r;
  };
  std::vector<Record> all{at("a", 1, 1), at("b", 1, 2), at("a", 2, 3), at("a", 1, 4), at("c", 1, 5), at("b", 1, 6)};
  all.push_back(at("c", 1, 7));
  all.back().key.mode = Mode::cold;
  const auto kept = latest_per_point(all);
  ASSERT_EQ(kept.size(), 5u);
  const std::vector<std::pair<std::string, double>> want{{"a", 4}, {"b", 6}, {"a", 3}, {"c", 5}, {"c", 7}};
  for (size_t i = 0; i < kept.size(); ++i) {
    EXPECT_EQ(kept[i].key.backend, want[i].first) << i;
    EXPECT_EQ(kept[i].gflops, want[i].second) << i;
  }
  EXPECT_TRUE(latest_per_point({}).empty());
}

// results.json is written a record at a time; its bytes are still those of the whole document's dump(2).
TEST(Json, StreamedIsTheDocumentsDump) {
  auto document = [](const Report& rep) {
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
    j["results"] = nlohmann::json::array();
    for (const auto& r : rep.records) j["results"].push_back(to_json(r));
    return j.dump(2) + "\n";
  };
  auto written = [](const Report& rep) {
    std::ostringstream os;
    write_json(os, rep);
    return os.str();
  };
  Report rep;
  EXPECT_EQ(written(rep), document(rep));
  rep.runs.push_back({1,
                      "",
                      "2026-11-28T12:00:00Z",
                      {{"spec", {{"sizes", {1, 2}}, {"empty", nlohmann::json::object()}}}},
                      {{"roofs", {{"peak_gflops", {{"f32", 1.5}}}}}},
                      {"a warning\nwith a line break"}});
  EXPECT_EQ(written(rep), document(rep));
  rep.records = {rec("a", Status::ok, 10), rec("b", Status::failed, 0, "crashed:\n\"SEGV\"")};
  rep.records[0].phases_s = {{"prepare", 0.25}};
  rep.records[0].device_state = {{"clock", reading(1410, "MHz")}};
  EXPECT_EQ(written(rep), document(rep));
}
