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

// Issue 15: one worker serves consecutive points of a backend; after a crash, a hang, a failure or a wrong answer
// the next point gets a fresh process (worker_point 1, the full warm-up), so a fault still costs only its point.
TEST(Faults, AWorkerServesConsecutivePointsAndIsReplacedAfterAFault) {
  const std::string out = fresh_dir("workers");
  const auto r = run_mmbench(
      "run --no-probe --backend test:fault,cblas:openblas --size 16,24,32,40,48,56 --budget 0.1 --timeout 3 -o " + out,
      fault_env("crash@24,wrong@40,hang@48"));
  EXPECT_EQ(r.rc, 1) << r.err;
  const auto j = nlohmann::json::parse(read_file(out + "/results.json"));
  std::map<std::pair<std::string, int>, nlohmann::json> by;
  for (const auto& res : j["results"]) by[{res["backend"], res["m"]}] = res;
  ASSERT_EQ(by.size(), 12u);
  auto point = [&](const std::string& b, int m) { return by[{b, m}].value("worker_point", 0); };
  auto warm = [&](const std::string& b, int m) { return by[{b, m}].value("warm_start", false); };
  EXPECT_EQ(point("test:fault", 16), 1);
  EXPECT_FALSE(warm("test:fault", 16));
  EXPECT_EQ(point("test:fault", 24), 2);  // crashed in the worker that measured 16
  EXPECT_EQ(point("test:fault", 32), 1);  // a fresh worker after the crash: cold again
  EXPECT_FALSE(warm("test:fault", 32));
  EXPECT_EQ(point("test:fault", 40), 2);  // wrong ...
  EXPECT_TRUE(warm("test:fault", 40));
  EXPECT_EQ(point("test:fault", 48), 1);  // ... so replaced; this one hangs and is killed
  EXPECT_EQ(point("test:fault", 56), 1);
  const std::string last = by[{"test:fault", 56}]["status"];
  EXPECT_TRUE(last == "ok" || last == "noisy") << last;
  for (int i = 0, m = 16; m <= 56; ++i, m += 8) {
    EXPECT_EQ(point("cblas:openblas", m), i + 1) << m;  // one worker for all six
    EXPECT_EQ(warm("cblas:openblas", m), i > 0) << m;
  }
}

// A long-lived worker must not grow with the number of points it measured: 32 small points, one process.
TEST(Faults, AWorkersMemoryDoesNotGrowWithItsPoints) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's quarantine keeps freed memory resident by design (18 MiB over 32 points)";
#endif
  const std::string out = fresh_dir("workerrss");
  const auto r =
      run_mmbench("run --no-probe --backend test:fault --size 8:256:8 --budget 0.01 -o " + out, fault_env(""));
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(out + "/results.json"));
  ASSERT_EQ(j["results"].size(), 32u);
  const auto& first = j["results"][1];  // the second point: libraries loaded, one point measured
  const auto& last = j["results"][31];
  EXPECT_EQ(last["worker_point"], 32);
  EXPECT_LT(last["peak_rss_bytes"].get<int64_t>() - first["peak_rss_bytes"].get<int64_t>(), 16 << 20)
      << first["peak_rss_bytes"] << " -> " << last["peak_rss_bytes"];
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
