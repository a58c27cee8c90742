// Isolation: a backend that crashes, aborts, exits, hangs, throws or answers wrong becomes a `failed` or `wrong`
// record with the reason, and every other point — of that backend and of the others — is measured intact.
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using namespace mmbench::e2e;

TEST(Faults, EachFaultIsARecordAndTheSweepGoesOn) {
  const std::string out = fresh_dir("faults");
  const auto r = run_mmbench(
      "run --no-probe --backend test:fault,cblas:openblas --size 16,24,32,40,48,56,64,72 --budget 0.2 "
      "--timeout 3 -o " +
          out,
      fault_env("crash@24,wrong@32,hang@40,abort@48,zero@56,throw@64,exit@72"));
  EXPECT_EQ(r.rc, 1) << r.err;  // some points failed or were wrong
  const auto j = nlohmann::json::parse(read_file(out + "/results.json"));
  std::map<std::pair<std::string, int>, nlohmann::json> by;
  for (const auto& res : j["results"]) by[{res["backend"], res["m"]}] = res;
  ASSERT_EQ(by.size(), 16u);
  auto status = [&](const std::string& b, int m) { return by[{b, m}]["status"].get<std::string>(); };
  auto reason = [&](const std::string& b, int m) { return by[{b, m}]["reason"].get<std::string>(); };
  EXPECT_TRUE(status("test:fault", 16) == "ok" || status("test:fault", 16) == "noisy");  // noisy: a busy machine
  EXPECT_EQ(status("test:fault", 24), "failed");
  EXPECT_NE(reason("test:fault", 24).find("signal 11"), std::string::npos) << reason("test:fault", 24);
  EXPECT_EQ(status("test:fault", 32), "wrong");
  EXPECT_EQ(status("test:fault", 40), "failed");
  EXPECT_NE(reason("test:fault", 40).find("timed out"), std::string::npos);
  EXPECT_NE(reason("test:fault", 48).find("signal 6"), std::string::npos) << reason("test:fault", 48);
  EXPECT_EQ(status("test:fault", 56), "wrong");
  EXPECT_EQ(reason("test:fault", 56), "C is all zeros");
  EXPECT_EQ(status("test:fault", 64), "failed");
  EXPECT_NE(reason("test:fault", 64).find("injected failure"), std::string::npos);
  EXPECT_NE(reason("test:fault", 72).find("code 3"), std::string::npos) << reason("test:fault", 72);
  for (int m : {16, 24, 32, 40, 48, 56, 64, 72}) {
    const auto s = status("cblas:openblas", m);
    EXPECT_TRUE(s == "ok" || s == "noisy") << m << " " << s;
  }
  EXPECT_NE(r.out.find("FAILED"), std::string::npos);
  EXPECT_NE(r.out.find("WRONG"), std::string::npos);
}

TEST(Faults, NoIsolateStillRecordsThrownErrors) {
  const std::string out = fresh_dir("noiso");
  const auto r = run_mmbench("run --no-probe --backend test:fault --size 8,64 --budget 0.1 --no-isolate -o " + out,
                             fault_env("throw@64"));
  EXPECT_EQ(r.rc, 1) << r.err;
  EXPECT_NE(r.out.find("injected failure"), std::string::npos) << r.out;
}

// Issue 15: a point slower than its budget is measured with a 95% interval's worth of samples (6), not 1; a size
// predicted to need more than its time limit (half the --timeout) for a minimal measurement is skipped, saying so.
TEST(Faults, SlowPointsGetTheirSamplesAndOnlyHopelessOnesAreSkipped) {
  const std::string out = fresh_dir("slowpoints");
  const auto r = run_mmbench("run --no-probe --backend test:fault --size 8,16,24 --budget 0.1 --timeout 6 -o " + out,
                             fault_env("slow@8,slow@16,slow@24"));
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(out + "/results.json"));
  std::map<int, nlohmann::json> by_size;
  for (const auto& rec : j["results"]) by_size[rec["m"].get<int>()] = rec;
  for (int n : {8, 16}) {
    EXPECT_NE(by_size[n]["status"], "skipped") << by_size[n].dump();
    EXPECT_EQ(by_size[n]["samples"], 6) << by_size[n].dump();  // 300 ms calls, 0.1 s budget
  }
  EXPECT_EQ(by_size[24]["status"], "skipped");
  EXPECT_NE(by_size[24]["reason"].get<std::string>().find("the 7 calls of a minimal measurement exceed its time "
                                                          "limit of 3 s (half the --timeout)"),
            std::string::npos)
      << by_size[24]["reason"];
}
