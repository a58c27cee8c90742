// Chart scripts without running gnuplot: which sizes the bar chart shows, the log axis for geometric sweeps, the
// fitted curve and the peak line, and names that would break gnuplot's quoting.
#include "mmbench/charts.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

using namespace mmbench;

namespace {

Analysis two_backends(std::vector<int> sizes) {
  std::vector<Record> recs;
  for (const char* b : {"fast", "slo\"w"})
    for (int n : sizes) {
      Record r;
      r.key.backend = b;
      r.key.problem = {n, n, n, DType::f32};
      r.key.threads = 2;
      r.status = Status::ok;
      r.summary.median = 1e-5 + 2.0 * n * n * n / (b[0] == 'f' ? 200e9 : 50e9);
      r.summary.ci_low = 0.99 * r.summary.median, r.summary.ci_high = 1.01 * r.summary.median;
      r.gflops = r.key.problem.flops() / r.summary.median / 1e9;
      recs.push_back(r);
    }
  return analyze(recs);
}

std::vector<const SeriesAnalysis*> members(const Analysis& a) {
  std::vector<const SeriesAnalysis*> m;
  for (const auto& s : a.series) m.push_back(&s);
  return m;
}

}  // namespace

TEST(Charts, BarSizesSpreadOverTheSweepOrAsAsked) {
  std::vector<int> sizes;
  for (int n = 128; n <= 4096; n += 128) sizes.push_back(n);
  const Analysis a = two_backends(sizes);
  EXPECT_EQ(bar_sizes(members(a), {}), (std::vector<double>{128, 1408, 2816, 4096}));
  EXPECT_EQ(bar_sizes(members(a), {1024, 1000, 2048}), (std::vector<double>{1024, 2048}));  // 1000: not measured
}

TEST(Charts, ScriptsCarryDataFitsPeakAndQuotedNames) {
  const Analysis a = two_backends({64, 128, 256, 512, 1024});
  ChartOptions o;
  o.peak_gflops["f32"] = 250;
  Chart c{"time", "g", "Time per call: test", "/x/time-g.png", "/x/time-g.svg", "/x/time-g.gp"};
  const std::string t = gnuplot_script(c, members(a), o);
  EXPECT_NE(t.find("set logscale x 2"), std::string::npos);  // geometric sizes
  EXPECT_NE(t.find("$f0 << EOD"), std::string::npos) << t;   // fitted curve
  EXPECT_NE(t.find("'slo\"w'"), std::string::npos) << t;     // single-quoted: nothing inside is expanded
  EXPECT_NE(t.find("set output 'time-g.svg'"), std::string::npos);
  EXPECT_NE(t.find("pngcairo"), std::string::npos);
  c.kind = "gflops";
  const std::string g = gnuplot_script(c, members(a), o);
  EXPECT_NE(g.find("CPU peak 250 GFLOP/s"), std::string::npos) << g;
  c.kind = "bar";
  o.bar_metric = "time";
  const std::string b = gnuplot_script(c, members(a), o);
  EXPECT_NE(b.find("\"N=64\""), std::string::npos) << b;
  EXPECT_NE(b.find("lower is better"), std::string::npos);
}

// A backend or machine name comes from a store any board may write (issue 28): backquotes, quotes and newlines in it
// must reach gnuplot as text. The script is run by gnuplot itself; a command in a name would make the marker file.
TEST(Charts, ANameFromAStoreIsNeverACommand) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("mmbench-charts-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string marker = (dir / "ran").string();
  std::vector<Record> recs;
  const std::vector<std::string> names = {fmt::format("a`touch {}`", marker), fmt::format("b\"`touch {}`\"", marker),
                                          fmt::format("c'\nsystem('touch {}')\n#", marker)};
  for (const auto& b : names)
    for (int n : {64, 128, 256}) {
      Record r;
      r.key.backend = b;
      r.key.problem = {n, n, n, DType::f32};
      r.key.threads = 2;
      r.status = Status::ok;
      r.summary.median = 1e-5 + 2.0 * n * n * n / 100e9;
      r.summary.ci_low = 0.99 * r.summary.median, r.summary.ci_high = 1.01 * r.summary.median;
      r.gflops = r.key.problem.flops() / r.summary.median / 1e9;
      recs.push_back(r);
    }
  const Analysis a = analyze(recs);
  for (const std::string& kind : std::vector<std::string>{"time", "gflops", "bar"}) {
    const fs::path gp = dir / (kind + ".gp");
    Chart c{kind,
            "g",
            fmt::format("Title `touch {0}`\nsystem('touch {0}')", marker),
            (dir / (kind + ".png")).string(),
            (dir / (kind + ".svg")).string(),
            gp.string()};
    std::ofstream(gp) << gnuplot_script(c, members(a), {});
    if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) GTEST_SKIP() << "gnuplot not installed";
    const std::string cmd = "cd '" + dir.string() + "' && gnuplot '" + gp.string() + "' >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << kind << ": gnuplot refused the script " << gp;
    EXPECT_FALSE(fs::exists(marker)) << kind << ": a name ran a command";
    EXPECT_TRUE(fs::exists(dir / (kind + ".svg"))) << kind;
  }
  fs::remove_all(dir);
}
