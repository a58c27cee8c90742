// `mmbench fit` as a user calls it: on their own CSV (the seed's published exponential recovered, JSON shape) and
// on a store; every bad input is one line and exit 2, never a crash or a NaN.
#include <cmath>
#include <fstream>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using namespace mmbench::e2e;

namespace {

std::string write(const std::string& name, const std::string& text) {
  const std::string path = fresh_dir("fitdata-" + name) + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string seed_csv(bool with_sigma) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> g(0, 1);
  std::string s = with_sigma ? "x,y,sigma\n" : "# the seed's own curve\nx,y\n";
  for (int n = 128; n <= 4096; n += 128) {
    const double t = std::exp(-2.98728 + 0.000918918 * n);
    s += std::to_string(n) + "," + std::to_string(t * (1 + 0.02 * g(rng)));
    if (with_sigma) s.append(",").append(std::to_string(0.02 * t));  // not "," + string: GCC 12's false -Wrestrict
    s += "\n";
  }
  return s;
}

}  // namespace

TEST(FitCli, DataJsonGivesTheSeedParametersBack) {
  const auto r = run_mmbench("fit --data " + write("seed.csv", seed_csv(true)) + " --model exp --json");
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["model"], "exp");
  EXPECT_EQ(j["ndf"], 30);
  for (const char* k : {"chi2", "edm", "ncalls"}) EXPECT_TRUE(j[k].is_number()) << k;
  ASSERT_EQ(j["parameters"].size(), 2u);
  EXPECT_EQ(j["parameters"][0]["name"], "Constant");
  EXPECT_NEAR(j["parameters"][0]["value"].get<double>(), -2.98728, 3 * j["parameters"][0]["error"].get<double>());
  EXPECT_NEAR(j["parameters"][1]["value"].get<double>(), 0.000918918, 3 * j["parameters"][1]["error"].get<double>());
}

TEST(FitCli, DataTextIsTheMinuitLayoutAndUnweightedIsSaid) {
  const auto r = run_mmbench("fit --data " + write("seed.csv", seed_csv(false)));
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("unweighted"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Chi2                      ="), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Slope                     ="), std::string::npos) << r.out;
}

TEST(FitCli, BadInputsAreOneLineAndExit2) {
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases{
      {"fit", "either a store folder or --data"},
      {"fit --data /nonexistent.csv", "cannot read '/nonexistent.csv'"},
      {"fit --data " + write("h.csv", "n,t\n1,2\n"), "unknown column 'n'"},
      {"fit --data " + write("num.csv", "x,y\n128,abc\n"), "y 'abc' is not a number"},
      {"fit --data " + write("few.csv", "x,y\n128,1\n256,2\n"), "needs at least 3 points (got 2)"},
      {"fit --data " + write("zero.csv", "x,y\n128,1\n256,0\n384,3\n"), "time must be > 0"},
      {"fit --data " + write("neg.csv", "x,y\n128,1\n256,-2\n384,3\n"), "y=-2"},
      {"fit --data " + write("cols.csv", "x,y,sigma\n128,1\n"), "2 values, the header has 3 columns"},
      {"fit --data " + write("empty.csv", "x,y\n"), "no data rows"},
      {"fit --data " + write("ok.csv", "x,y\n1,1\n2,2\n3,3\n") + " --model cubic", "unknown model 'cubic'"},
      {"fit --data " + write("ok2.csv", "x,y\n1,1\n2,2\n3,3\n") + " --model all", "one model at a time"},
      {"fit /nonexistent-store", "/nonexistent-store"},
  };
  for (const auto& c : cases) {
    const auto r = run_mmbench(c.args);
    EXPECT_EQ(r.rc, 2) << c.args << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.args << "\n" << r.err;
    EXPECT_EQ(r.out.find("nan"), std::string::npos) << r.out;
  }
}

// A store with failed and wrong points: they are listed as not fitted, the rest is fitted; a backend the store
// does not have is named with what it has.
TEST(FitCli, StoreWithFailedPointsAndMissingBackend) {
  const std::string out = fresh_dir("fitstore");
  const auto run = run_mmbench("run --no-probe --backend test:fault --size 16,24,32,40,48 --budget 0.1 -q -o " + out,
                               fault_env("crash@24,wrong@40"));
  ASSERT_EQ(run.rc, 1) << run.err;
  const auto r = run_mmbench("fit " + out);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("not fitted: N=24: failed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not fitted: N=40: wrong"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Minimizer is"), std::string::npos) << r.out;
  const auto j = run_mmbench("fit " + out + " --model overhead --json");
  ASSERT_EQ(j.rc, 0) << j.err;
  EXPECT_EQ(nlohmann::json::parse(j.out)["series"][0]["fits"][0]["model"], "overhead");
  const auto m = run_mmbench("fit " + out + " --backend cblas:openblas");
  EXPECT_EQ(m.rc, 2);
  EXPECT_NE(m.err.find("has no results for backend 'cblas:openblas' (it has: test:fault)"), std::string::npos) << m.err;
  const auto d = run_mmbench("fit " + out + " --dtype f64");
  EXPECT_EQ(d.rc, 2);
  EXPECT_NE(d.err.find("has no results in f64"), std::string::npos) << d.err;
}
