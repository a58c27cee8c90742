// What a user sees after a sweep: fits, charts and report.html. The report is opened in headless Chromium and its
// screenshot checked for the table's and the charts' colours (rendered, not only written); `report` redraws the
// same files; without gnuplot the run still succeeds and says why charts are missing.
#include <cstdio>
#include <filesystem>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "browser.hpp"
#include "cli_runner.hpp"

using namespace mmbench::e2e;
namespace fs = std::filesystem;

namespace {

// A tiny sweep shared by the tests below (measured once: ~5 s).
const std::string& sweep_dir() {
  static const std::string dir = [] {
    const std::string out = fresh_dir("report");
    const auto r = run_mmbench("run --backend eigen,cblas:openblas --size 32:256:*2 --budget 0.2 -q -o " + out);
    EXPECT_EQ(r.rc, 0) << r.out << r.err;
    return out;
  }();
  return dir;
}

}  // namespace

TEST(Report, RunWritesFitsChartsAndAReport) {
  const std::string out = sweep_dir();
  const auto an = nlohmann::json::parse(read_file(out + "/analysis.json"));
  ASSERT_EQ(an["series"].size(), 2u);
  for (const auto& s : an["series"]) {
    // Every point is either fitted or listed as excluded (a busy machine can turn one into `noisy` or worse).
    EXPECT_EQ(s["points"].size() + s["excluded"].size(), 4u) << s["excluded"].dump();
    ASSERT_GE(s["points"].size(), 3u) << s["excluded"].dump();
    EXPECT_EQ(s["fits"].size() + s["fit_problems"].size(), 3u) << s.dump();
    EXPECT_FALSE(s["fits"].empty()) << s.dump();
    for (const auto& f : s["fits"]) {
      for (const char* k : {"model", "parameters", "chi2", "ndf", "edm", "ncalls"}) EXPECT_TRUE(f.contains(k)) << k;
      EXPECT_EQ(f["ndf"], s["points"].size() - 2);
    }
    EXPECT_FALSE(s["verdict"].get<std::string>().empty());
  }
  ASSERT_EQ(an["comparisons"].size(), 1u);
  EXPECT_FALSE(an["comparisons"][0]["sentence"].get<std::string>().empty());
  const std::string txt = read_file(out + "/analysis.txt");
  EXPECT_NE(txt.find("Minimizer is "), std::string::npos);
  EXPECT_NE(txt.find("NCalls                    ="), std::string::npos);

  ASSERT_TRUE(an.contains("roofs")) << "run measures the roofs by default";
  EXPECT_GT(an["roofs"]["fp32_peak_gflops"].get<double>(), 0);
  for (const auto& s : an["series"])
    for (const auto& p : s["points"]) {
      ASSERT_TRUE(p.contains("roofline")) << p.dump();
      const std::string v = p["roofline"]["verdict"];
      EXPECT_TRUE(v == "compute-bound" || v == "memory-bound" || v == "overhead-bound") << v;
    }
  for (const std::string kind : {"bar", "time", "gflops", "roofline"}) {
    std::string base;
    for (const auto& e : fs::directory_iterator(out + "/charts"))
      if (e.path().filename().string().rfind(kind + "-f32-hot-", 0) == 0) base = e.path().string();
    ASSERT_FALSE(base.empty()) << "no " << kind << " chart";
    base = base.substr(0, base.rfind('.'));
    EXPECT_EQ(read_file(base + ".png").substr(0, 4), "\x89PNG") << base;
    EXPECT_NE(read_file(base + ".svg").find("<svg"), std::string::npos) << base;
    EXPECT_NE(read_file(base + ".gp").find("EOD"), std::string::npos) << "data inline in " << base << ".gp";
  }
  const std::string html = read_file(out + "/report.html");
  size_t images = 0;
  for (size_t p = 0; (p = html.find("src=\"data:image/svg+xml;base64,", p)) != std::string::npos; ++p) ++images;
  EXPECT_EQ(images, 4u);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos) << "the report must not need the network";
  EXPECT_EQ(html.find("<script"), std::string::npos);
  for (const char* section : {"id=\"warnings\"", "id=\"summary\"", "id=\"fits\"", "id=\"steps\"", "id=\"crossovers\"",
                              "id=\"roofline\"", "id=\"environment\"", "eigen f32 NxNxN", "Minimizer is "})
    EXPECT_NE(html.find(section), std::string::npos) << section;
}

TEST(Report, ReportRedrawsTheSameFiles) {
  const std::string out = sweep_dir();
  const std::string html = read_file(out + "/report.html"), an = read_file(out + "/analysis.json");
  fs::remove(out + "/report.html");
  fs::remove_all(out + "/charts");
  const auto r = run_mmbench("report " + out);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(read_file(out + "/analysis.json"), an);
  EXPECT_EQ(read_file(out + "/report.html"), html);
  EXPECT_NE(r.out.find("Crossovers:"), std::string::npos) << r.out;
}

// Headless Chromium renders the page; the screenshot must contain the table header's colour and both backends'
// chart colours (Okabe-Ito blue and vermillion) in quantity: the charts were decoded and drawn.
TEST(Report, RendersInHeadlessChromium) {
  const std::string chromium = find_chromium();
  if (chromium.empty()) GTEST_SKIP() << "chromium not installed (Debian package chromium)";
  const std::string out = sweep_dir();
  const std::string shot = screenshot(chromium, out + "/report.html", out);
  ASSERT_FALSE(shot.empty()) << read_file(out + "/chromium.log");
  const auto counts = colour_counts(shot);
  ASSERT_FALSE(counts.empty()) << "screenshot unreadable";
  auto count = [&](uint32_t rgb) {
    auto it = counts.find(rgb);
    return it == counts.end() ? 0L : it->second;
  };
  EXPECT_GT(count(0xdde6f0), 2000) << "table headers not rendered";
  EXPECT_GT(count(0x0072B2), 2000) << "first backend's bars/lines not rendered";
  EXPECT_GT(count(0xD55E00), 2000) << "second backend's bars/lines not rendered";
}

TEST(Report, WithoutGnuplotTheRunStillSucceedsAndSaysWhy) {
  const std::string out = fresh_dir("nognuplot");
  fs::copy(sweep_dir() + "/results.db", out + "/results.db");
  const auto r = run_mmbench("report " + out, "PATH=/nonexistent");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.err.find("charts skipped: cannot run 'gnuplot'"), std::string::npos) << r.err;
  EXPECT_NE(read_file(out + "/report.html").find("charts skipped"), std::string::npos);
  const auto n = run_mmbench("report --no-charts " + out);
  ASSERT_EQ(n.rc, 0) << n.err;
  EXPECT_NE(read_file(out + "/report.html").find("not requested (--no-charts)"), std::string::npos);
}
