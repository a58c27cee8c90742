// A user's tiny sweep, end to end: exit code, the table, every output file parses, `report` redraws the same
// files from the store, `list` tells what is usable, --help is there, --dry-run measures nothing.
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "mmbench/store.hpp"

using namespace mmbench;
using namespace mmbench::e2e;

TEST(Run, TinySweepWritesEveryOutput) {
  const std::string out = fresh_dir("tiny");
  const auto r = run_mmbench("run --backend cblas,eigen --size 16,48 --dtype f32,f64 --budget 0.2 -o " + out);
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("GFLOP/s"), std::string::npos);
  EXPECT_NE(r.out.find("f64 48x48x48"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(\[ *1/\d+\] cblas:)"))) << "no progress lines: " << r.err;

  const auto j = nlohmann::json::parse(read_file(out + "/results.json"));
  EXPECT_EQ(j["schema_version"], kSchemaVersion);
  ASSERT_FALSE(j["results"].empty());
  EXPECT_TRUE(j["runs"][0]["environment"].contains("cpu_model"));
  for (const auto& res : j["results"]) {
    for (const char* f : {"backend", "dtype", "m", "n", "k", "status", "reason", "median_s", "min_s", "samples",
                          "gflops", "max_rel_err"})
      EXPECT_TRUE(res.contains(f)) << f;
    if (res["status"] == "ok") {
      EXPECT_GT(res["gflops"].get<double>(), 0);
      EXPECT_GE(res["samples"].get<int>(), 5);
    }
  }
  const std::string csv = read_file(out + "/results.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), static_cast<long>(j["results"].size()) + 1);
  EXPECT_NE(read_file(out + "/results.md").find("| f32 16x16x16"), std::string::npos);
  EXPECT_EQ(Store::open(out + "/results.db", false).records().size(), j["results"].size());

  // report: delete the rendered files and redraw them from the store alone.
  const std::string json_before = read_file(out + "/results.json"), csv_before = csv;
  std::filesystem::remove(out + "/results.json");
  std::filesystem::remove(out + "/results.csv");
  const auto rep = run_mmbench("report " + out);
  ASSERT_EQ(rep.rc, 0) << rep.err;
  EXPECT_EQ(read_file(out + "/results.json"), json_before);
  EXPECT_EQ(read_file(out + "/results.csv"), csv_before);
}

TEST(Run, ReferenceIsNotAContenderUnlessNamed) {
  const auto r = run_mmbench("run --size 8 --dry-run");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out.find("reference"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("estimated time"), std::string::npos);
  EXPECT_NE(run_mmbench("run --size 8 --backend reference --dry-run").out.find("reference f32 8x8x8"),
            std::string::npos);
}

TEST(Run, SeedPresetIsTheOriginalSweep) {
  const auto r = run_mmbench("run --preset seed --backend eigen --dry-run");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("plan: 32 points"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("eigen f32 4096x4096x4096"), std::string::npos);
}

// Issue 15: --dry-run bounds each backend's time and, once the output folder holds a run, predicts it from that.
TEST(Run, DryRunPredictsFromTheFoldersEarlierRuns) {
  const std::string out = fresh_dir("dryrun");
  const std::string plan = "run --no-probe --backend reference --size 8,16,32 --budget 0.2 -o " + out;
  auto r = run_mmbench(plan + " --dry-run");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("  reference: 3 points, 750 ms at the budget\n"), std::string::npos) << r.out;
  ASSERT_EQ(run_mmbench(plan).rc, 0);
  r = run_mmbench(plan + " --dry-run");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("  reference: 3 points, 750 ms at the budget, expected "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("from earlier runs in " + out + "/results.db"), std::string::npos) << r.out;
}

TEST(List, ShowsBackendsAndHidesTestDoubles) {
  const auto r = run_mmbench("list --json", fault_env(""));
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  bool saw_reference = false;
  const std::set<std::string> codes{"library_missing", "no_device", "no_matching_device", "too_old", "other"};
  for (const auto& b : j) {
    EXPECT_NE(b["name"], "test:fault");
    if (b["name"] == "reference") {  // a host backend: the device as text and as fields
      saw_reference = true;
      EXPECT_EQ(b["device"], "CPU");
      EXPECT_EQ(b["device_identity"], (nlohmann::json{{"kind", "host"}, {"vendor", ""}, {"name", ""}, {"id", ""}}));
    }
    if (!b["usable"].get<bool>()) {
      EXPECT_FALSE(b["reason"].get<std::string>().empty());
      EXPECT_TRUE(codes.count(b["reason_code"])) << b.dump();
    }
  }
  EXPECT_TRUE(saw_reference);
}

TEST(Help, EverySubcommandHasHelp) {
  for (const char* sub : {"", "run ", "list ", "report ", "fit ", "probe ", "project ", "onnx "}) {
    const auto r = run_mmbench(std::string(sub) + "--help");
    EXPECT_EQ(r.rc, 0) << sub;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << sub << r.out;
  }
}

// A published number must name the code that measured it: --version gives the commit (from git at build time,
// never stale), what was built and the options that change the numbers.
TEST(Help, VersionNamesTheCommitAndTheBuild) {
  const auto r = run_mmbench("--version");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("mmbench 0."), std::string::npos) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("commit: ([0-9a-f]{12}(-modified)?|unknown)\n"))) << r.out;
  // A commit of this repository (not necessarily HEAD: a commit made since the last build is not in the binary).
  if (m[1] != "unknown" && std::system("git -C " MMB_SOURCE_DIR " rev-parse --git-dir >/dev/null 2>&1") == 0) {
    const std::string sha = m[1].str().substr(0, 12);
    EXPECT_EQ(std::system(("git -C " MMB_SOURCE_DIR " cat-file -e " + sha + "^{commit}").c_str()), 0) << r.out;
  }
  EXPECT_NE(r.out.find("backends: reference cblas"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test hooks ON"), std::string::npos) << r.out;  // this is a build with tests
}

TEST(Probe, JsonHasTheRoofs) {
  const auto r = run_mmbench("probe --json --threads 1 --backend cblas:openblas");
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* k : {"fp32_peak_gflops", "fp32_theoretical_gflops", "read_bandwidth_gbs", "triad_bandwidth_gbs",
                        "threads", "isa", "llc_bytes"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["threads"], 1);
  EXPECT_GT(j["fp32_peak_gflops"].get<double>(), 0);
  EXPECT_GT(j["read_bandwidth_gbs"].get<double>(), 0);
  // A bandwidth beyond anything DRAM delivers would be a timing bug (one was: 117 000 GB/s).
  EXPECT_LT(j["read_bandwidth_gbs"].get<double>(), 2000);
  EXPECT_TRUE(j["overhead_s"]["cblas:openblas"].is_number()) << j["overhead_s"].dump();
  EXPECT_EQ(run_mmbench("probe --backend nosuch").rc, 2);
}

// Cold mode rotates copies of A and B beyond the last-level cache; a device backend without it says so.
TEST(Run, ColdModeRotatesCopies) {
  const std::string out = fresh_dir("cold");
  const auto r =
      run_mmbench("run --no-probe -b cblas:openblas -M 1 -N 256 -K 256,4096 --mode cold --budget 0.2 -q -o " + out);
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto doc = nlohmann::json::parse(read_file(out + "/results.json"));  // named: the loop outlives a temporary
  for (const auto& res : doc["results"]) {
    EXPECT_EQ(res["mode"], "cold");
    EXPECT_TRUE(res["status"] == "ok" || res["status"] == "noisy") << res.dump();
    EXPECT_GT(res["cold_copies"].get<int>(), 1) << "A and B of 1x256xK are far below 4x any LLC";
  }
  if (run_mmbench("list").out.find("opencl:clblast   yes") != std::string::npos) {
    const std::string o2 = fresh_dir("cold-cl");
    ASSERT_EQ(run_mmbench("run --no-probe -b opencl:clblast --size 16 --mode cold -q -o " + o2).rc, 0);
    EXPECT_NE(read_file(o2 + "/results.json").find("mode cold not offered (offers: hot, e2e)"), std::string::npos);
  }
}

TEST(Llm, PresetPlansEveryWeightAndProjectNeedsItsPoints) {
  const auto d = run_mmbench("run --preset llm:llama-3.2-1b -b eigen --prompt 64 --dry-run");
  ASSERT_EQ(d.rc, 0) << d.err;
  EXPECT_NE(d.out.find("plan: 10 points"), std::string::npos) << d.out;  // 5 distinct weights x 2 values of M
  EXPECT_NE(d.out.find("eigen f32 1x128256x2048"), std::string::npos);   // the head at decode
  EXPECT_NE(d.out.find("eigen f32 64x8192x2048"), std::string::npos);    // gate/up at prefill
  const auto bad = run_mmbench("run --preset llm:gpt-5 --dry-run");
  EXPECT_EQ(bad.rc, 2);
  EXPECT_NE(bad.err.find("unknown model 'gpt-5'"), std::string::npos) << bad.err;

  const std::string out = fresh_dir("llm");
  ASSERT_EQ(run_mmbench("run --no-probe -b eigen --size 32 --budget 0.1 -q -o " + out).rc, 0);
  const auto p = run_mmbench("project " + out + " --model qwen2.5-0.5b -b eigen");
  EXPECT_EQ(p.rc, 2);
  EXPECT_NE(p.err.find("with M = 1"), std::string::npos) << p.err;
  EXPECT_EQ(run_mmbench("project " + out + " --model nosuch -b eigen").rc, 2);
}

// bench/overhead.py (issue 15) reads a store as a user would and accounts for every point of its last run.
TEST(Run, OverheadScriptAccountsForTheStore) {
  const std::string out = fresh_dir("overhead");
  ASSERT_EQ(run_mmbench("run -b reference --size 8,16 --budget 0.05 --no-probe --no-charts -q -o " + out).rc, 0);
  const std::string report = out + "/overhead.txt";
  const int rc = std::system(("python3 " MMB_SOURCE_DIR "/bench/overhead.py " + out + " > " + report).c_str());
  ASSERT_EQ(rc, 0);
  const std::string text = read_file(report);
  EXPECT_TRUE(std::regex_search(text, std::regex(R"(\nreference +2 +[0-9.]+ +[0-9.]+ +-?[0-9]+%)"))) << text;
  EXPECT_TRUE(std::regex_search(text, std::regex(R"(\nall +2 )"))) << text;
}

// Issue 15: on a terminal every progress line starts with the elapsed time and the expected rest (the first point
// knows only the budget: 3 x (0.1 + 0.05) s); output that is not a terminal keeps the plain line.
TEST(Run, ProgressOnATerminalShowsElapsedAndExpectedTime) {
  const std::string out = fresh_dir("eta"), io = fresh_dir("eta-io");
  const std::string cmd = std::string("script -qec '") + MMB_BIN +
                          " run --no-probe --backend reference --size 8,16,24 --budget 0.1 -o " + out +
                          "' /dev/null >" + io + "/tty 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << read_file(io + "/tty");
  const std::string tty = read_file(io + "/tty");
  EXPECT_NE(tty.find("[1/3 0:00 +~0:00] reference f32 8x8x8"), std::string::npos) << tty;
  const size_t third = tty.find("[3/3 ");
  ASSERT_NE(third, std::string::npos) << tty;
  EXPECT_NE(tty.find(" +~", third), std::string::npos) << tty;
  const auto plain = run_mmbench("run --no-probe --backend reference --size 8 --budget 0.1 -o " + fresh_dir("eta2"));
  EXPECT_NE(plain.err.find("[1/1] reference f32 8x8x8"), std::string::npos) << plain.err;
}
