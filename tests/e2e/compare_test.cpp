// `mmbench run --repeat` and `mmbench compare`, end to end through the binary: a backend double whose speed is a
// parameter (test:paced) is run before and after a known change; compare must call a 10% slowdown `slower` at
// every point and exit 1, an unchanged build `same` or `inconclusive` (never slower or faster) and exit 0, and
// write its Markdown, CSV, JSON, charts and a compare.html that renders in headless Chromium. Bad selectors are
// one-line errors with exit 2.
#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "browser.hpp"
#include "cli_runner.hpp"

using namespace mmbench::e2e;

namespace {

// A repeated run of test:paced at 400 us per call times `factor`. The sizes stay small so that the double's naive
// multiplication is a small part of the call even under ASan: at 24^3 it took ~280 us there (CI), more than a
// 250 us pace, and the time measured was the compute's, not the pace's.
std::string paced_run(const std::string& name, double factor, int repeat = 3) {
  const std::string out = fresh_dir(name);
  const auto r = run_mmbench(
      "run --no-probe -q -b test:paced --size 8,12,16 --budget 0.15 --repeat " + std::to_string(repeat) + " -o " + out,
      fault_env("") + " MMBENCH_PACE_US=400 MMBENCH_PACE_FACTOR=" + std::to_string(factor));
  EXPECT_EQ(r.rc, 0) << r.err;
  return out;
}

}  // namespace

TEST(Compare, RepeatStoresEveryRoundInterleaved) {
  const std::string out = paced_run("repeat", 1.0, 3);
  const auto j = nlohmann::json::parse(read_file(out + "/results.json"));
  // results.json shows the latest round of each point; the store and compare see all three.
  EXPECT_EQ(j["results"].size(), 3u);
  const auto plan =
      run_mmbench("run --dry-run -b test:paced --size 8,16 --repeat 2 -o " + fresh_dir("dry"), fault_env(""));
  EXPECT_EQ(plan.rc, 0) << plan.err;
  EXPECT_NE(plan.out.find("x 2 rounds"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("(round 2)"), std::string::npos) << plan.out;
}

TEST(Compare, TenPercentSlowerIsSlowerEverywhereAndFailsTheGate) {
  // 5 rounds: with 3, one round slowed by a neighbour (the sanitizer suite runs two tests at once) left 2 degrees
  // of freedom and an interval reaching below 1.02.
  const std::string a = paced_run("before", 1.0, 5), b = paced_run("after", 1.10, 5);
  const std::string out = fresh_dir("cmp");
  const auto r = run_mmbench("compare " + a + " " + b + " -o " + out);
  EXPECT_EQ(r.rc, 1) << r.out << r.err;
  const auto j = nlohmann::json::parse(read_file(out + "/compare.json"));
  EXPECT_EQ(j["schema"], "mmbench-compare");
  ASSERT_EQ(j["points"].size(), 3u);
  for (const auto& p : j["points"]) {
    EXPECT_EQ(p["verdict"], "slower") << p.dump();
    EXPECT_TRUE(p["confirmed_regression"].get<bool>());
    EXPECT_NEAR(p["ratio"].get<double>(), 1.10, 0.03) << p.dump();
    EXPECT_EQ(p["runs_a"], 5);
  }
  EXPECT_EQ(j["regressions"], 3);
  EXPECT_NE(read_file(out + "/compare.md").find("| point |"), std::string::npos);
  EXPECT_NE(read_file(out + "/compare.csv").find("test:paced,f32,8,8,8,hot"), std::string::npos);
  EXPECT_NE(r.out.find("3 confirmed regressions"), std::string::npos) << r.out;
  // The page: self-contained, the verdicts in it, the ratio chart embedded; rendered by a real browser.
  const std::string html = read_file(out + "/compare.html");
  EXPECT_NE(html.find("3 confirmed regressions"), std::string::npos);
  EXPECT_NE(html.find("data:image/svg+xml;base64,"), std::string::npos) << r.err;
  EXPECT_EQ(html.find("<script"), std::string::npos);
  size_t scripts = 0;  // one chart: f32, hot, this machine's thread count
  for (const auto& f : std::filesystem::directory_iterator(out + "/charts"))
    scripts += f.path().extension() == ".gp" && f.path().filename().string().rfind("compare-f32-hot-", 0) == 0;
  EXPECT_EQ(scripts, 1u);
  const std::string chromium = find_chromium();
  if (chromium.empty()) GTEST_SKIP() << "chromium not installed (Debian package chromium)";
  const std::string shot = screenshot(chromium, out + "/compare.html", out);
  ASSERT_FALSE(shot.empty()) << read_file(out + "/chromium.log");
  const auto counts = colour_counts(shot);
  const auto count = [&](uint32_t rgb) {
    const auto it = counts.find(rgb);
    return it == counts.end() ? 0L : it->second;
  };
  EXPECT_GT(count(0xdde6f0), 1000) << "table headers not rendered";
  EXPECT_GT(count(0xf9d9d0), 1000) << "the slower verdicts' cells not rendered";
  EXPECT_GT(count(0x0072B2), 500) << "the ratio line not rendered";
}

TEST(Compare, TheSameBuildIsNeverSlowerOrFaster) {
  const std::string a = paced_run("same-a", 1.0), b = paced_run("same-b", 1.0);
  const std::string out = fresh_dir("cmp-same");
  const auto r = run_mmbench("compare " + a + " " + b + " --delta 0.05 -o " + out);
  EXPECT_EQ(r.rc, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(read_file(out + "/compare.json"));
  for (const auto& p : j["points"]) {
    const auto v = p["verdict"].get<std::string>();
    EXPECT_TRUE(v == "same" || v == "inconclusive") << p.dump();
  }
  // Selecting one run of a store, and the latest, are the same here (one run each).
  const auto one = run_mmbench("compare " + a + "#1 " + b + "#latest");
  EXPECT_EQ(one.rc, 0) << one.err;
}

TEST(Compare, AWrongAnswerIsARegressionWhateverTheTime) {
  const std::string a = paced_run("ok-before", 1.0, 1);
  const std::string b = fresh_dir("wrong-after");
  const auto run = run_mmbench("run --no-probe -q -b test:paced --size 8,12,16 --budget 0.15 -o " + b,
                               fault_env("wrong@12") + " MMBENCH_PACE_US=400");
  EXPECT_EQ(run.rc, 1) << run.err;
  const auto r = run_mmbench("compare " + a + " " + b);
  EXPECT_EQ(r.rc, 1) << r.out;
  // Under a loaded sanitizer build the A point may be flagged `noisy`; it was measured and
  // correct either way, so what must show is the change to WRONG, not the earlier label.
  const bool changed =
      r.out.find("ok -> WRONG") != std::string::npos || r.out.find("noisy -> WRONG") != std::string::npos;
  EXPECT_TRUE(changed) << r.out;
  // One run per side and no calibration: the intervals say they hold within-run noise only.
  EXPECT_NE(r.out.find("noise between runs is unknown"), std::string::npos) << r.out;
}

TEST(Compare, CalibrateStoresTheNoiseAndCompareUsesIt) {
  const std::string cal_dir = fresh_dir("cal-state");
  const std::string a = paced_run("cal", 1.0, 4);
  const auto c = run_mmbench("calibrate " + a, "XDG_STATE_HOME=" + cal_dir);
  EXPECT_EQ(c.rc, 0) << c.err;
  EXPECT_NE(c.out.find("A/A check"), std::string::npos) << c.out;
  EXPECT_FALSE(read_file(cal_dir + "/mmbench/calibration.json").empty());
  const auto r = run_mmbench("compare " + a + " " + a, "XDG_STATE_HOME=" + cal_dir);
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("calibrated on this machine"), std::string::npos) << r.out;
  // A run with one round cannot calibrate.
  const auto once = run_mmbench("calibrate " + paced_run("cal-once", 1.0, 1), "XDG_STATE_HOME=" + cal_dir);
  EXPECT_EQ(once.rc, 2);
  EXPECT_NE(once.err.find("--repeat 3"), std::string::npos) << once.err;
}

TEST(Compare, BadSelectorsAreOneLineErrors) {
  const std::string a = paced_run("sel", 1.0, 1);
  for (const std::string& args : {"compare " + a + "#7 " + a, "compare " + a + "#x " + a,
                                  "compare /nonexistent/dir " + a, "compare " + a + " " + a + " --delta 2"}) {
    const auto r = run_mmbench(args);
    EXPECT_EQ(r.rc, 2) << args << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << "\n" << r.err;
  }
}

// A CBLAS library by path beside the distribution's, interleaved in one run, then compared with --pair: here both
// are the same OpenBLAS file, so the comparison must not confirm a change, and the by-path backend must have found
// OpenBLAS's own thread control and version.
TEST(Compare, ALibraryByPathBesideTheDistributionsAndPaired) {
  const auto list = run_mmbench("list --json");
  ASSERT_EQ(list.rc, 0) << list.err;
  std::string path;
  for (const auto& b : nlohmann::json::parse(list.out))
    if (b["name"] == "cblas:openblas" && b["usable"].get<bool>()) path = b["path"];
  if (path.empty()) GTEST_SKIP() << "OpenBLAS not installed";
  const std::string out = fresh_dir("bypath");
  const auto r = run_mmbench("run --no-probe -q -b cblas:openblas,cblas:dev=" + path +
                             " --size 64,96 --budget 0.2 --repeat 3 -o " + out);
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(out + "/results.json"));
  int by_path = 0;
  for (const auto& rec : j["results"])
    if (rec["backend"] == "cblas:dev=" + path) {
      ++by_path;
      EXPECT_EQ(rec["library"], "CBLAS at " + path);
      EXPECT_NE(rec["version"].get<std::string>().find("OpenBLAS"), std::string::npos) << rec["version"];
    }
  EXPECT_EQ(by_path, 2);
  const auto c = run_mmbench("compare " + out + " " + out + " --pair cblas:openblas,cblas:dev=" + path);
  EXPECT_EQ(c.rc, 0) << c.out << c.err;
  EXPECT_NE(c.out.find("--pair: B's cblas:dev="), std::string::npos) << c.out;
  EXPECT_EQ(c.out.find(" slower"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("cblas:openblas library: OpenBLAS"), std::string::npos) << c.out;
  // Bad libraries by path are one-line errors before anything is measured.
  for (const std::string& b : {std::string("cblas:dev=/nonexistent/libblas.so"), "cblas:d$v=" + path,
                               std::string("cblas:dev=/etc/hostname")}) {
    const auto bad = run_mmbench("run --no-probe -b '" + b + "' -s 64 -o " + fresh_dir("bypath-bad"));
    EXPECT_EQ(bad.rc, 2) << b << "\n" << bad.err;
    EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << b << "\n" << bad.err;
  }
}

// A nightly job in miniature: nine runs into one folder (each keeps the one before as results-<time>.db), the
// last four 15% slower. history finds the step at run 6 for every point, and writes its JSON and charts.
TEST(History, FindsTheRunWhereTheTimeStepped) {
  const std::string dir = fresh_dir("nightly");
  for (int run = 1; run <= 9; ++run) {
    const auto r = run_mmbench("run --no-probe -q -b test:paced --size 8,16 --budget 0.1 -o " + dir,
                               fault_env("") + " MMBENCH_PACE_US=300 MMBENCH_PACE_FACTOR=" + (run <= 5 ? "1" : "1.15"));
    ASSERT_EQ(r.rc, 0) << r.err;
  }
  const std::string out = fresh_dir("history-out");
  const auto h = run_mmbench("history " + dir + " -o " + out);
  ASSERT_EQ(h.rc, 0) << h.err;
  EXPECT_NE(h.out.find("9 runs"), std::string::npos) << h.out;
  const auto j = nlohmann::json::parse(read_file(out + "/history.json"));
  ASSERT_EQ(j["points"].size(), 2u);
  for (const auto& p : j["points"]) {
    // The step at run 6; a neighbour's load on this shared machine may add another (so not "exactly one").
    bool found = false;
    for (const auto& c : p["changes"])
      found = found || (c["run"] == 6 && std::abs(c["ratio"].get<double>() - 1.15) < 0.03);
    EXPECT_TRUE(found) << p.dump();
  }
  EXPECT_TRUE(std::filesystem::exists(out + "/charts/history-test-paced-f32-8x8x8.svg"));
  // Selection, and a folder with a single store, which has no history.
  const auto one = run_mmbench("history " + dir + " --size 16");
  EXPECT_EQ(one.rc, 0) << one.err;
  EXPECT_NE(one.out.find("of 1 points changed level"), std::string::npos) << one.out;
  const auto single = run_mmbench("history " + paced_run("single", 1.0, 1));
  EXPECT_EQ(single.rc, 2);
  EXPECT_NE(single.err.find("two or more stores"), std::string::npos) << single.err;
}

// Machine identity: every run stores the machine's id (created once under $XDG_STATE_HOME/mmbench), its label
// (--machine, default the hostname) and hardware fingerprint; compare names a different label first.
TEST(Machine, RunsStoreTheMachineAndCompareNamesTheDifference) {
  const std::string state = fresh_dir("machine-state");
  const auto run = [&](const std::string& name, const std::string& label) {
    const std::string out = fresh_dir(name);
    const auto r = run_mmbench("run --no-probe -q -b test:paced --size 8 --budget 0.1 -o " + out + label,
                               fault_env("") + " MMBENCH_PACE_US=200 XDG_STATE_HOME=" + state);
    EXPECT_EQ(r.rc, 0) << r.err;
    return out;
  };
  const std::string a = run("machine-a", ""), b = run("machine-b", " --machine 'lab board 3'");
  const auto env = [](const std::string& dir) {
    return nlohmann::json::parse(read_file(dir + "/results.json"))["runs"][0]["environment"]["machine"];
  };
  EXPECT_EQ(env(a)["id"], env(b)["id"]);
  EXPECT_EQ(env(a)["id"].get<std::string>(), read_file(state + "/mmbench/machine-id").substr(0, 36));
  EXPECT_EQ(env(a)["fingerprint"], env(b)["fingerprint"]);
  EXPECT_EQ(env(b)["label"], "lab board 3");
  const auto c = run_mmbench("compare " + a + " " + b);
  EXPECT_NE(c.out.find("machine label: "), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("-> lab board 3"), std::string::npos) << c.out;
  const auto bad =
      run_mmbench("run --no-probe -b test:paced -s 8 --machine '' -o " + fresh_dir("machine-bad"), fault_env(""));
  EXPECT_EQ(bad.rc, 2) << bad.err;
}
