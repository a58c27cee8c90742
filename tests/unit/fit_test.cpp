// Fits: the seed write-up's published exponential is recovered within its errors, the errors mean what they say
// (pulls), the other models recover known parameters, and bad data gets a sentence, never a NaN.
#include "mmbench/fit.hpp"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "mmbench/analysis_text.hpp"  // minuit_summary
#include "mmbench/error.hpp"

using namespace mmbench;

namespace {

constexpr double kSeedConstant = -2.98728, kSeedSlope = 0.000918918;  // ../shared/seed: ROOT's fit log

FitData seed_points(uint64_t seed, double rel_noise) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> gauss(0, 1);
  FitData d;
  for (int n = 128; n <= 4096; n += 128) {
    const double t = std::exp(kSeedConstant + kSeedSlope * n);
    d.x.push_back(n);
    d.y.push_back(t * (1 + rel_noise * gauss(rng)));
    d.sigma.push_back(rel_noise * t);
  }
  return d;
}

}  // namespace

TEST(Fit, RecoversTheSeedExponentialWithinItsErrors) {
  const FitResult r = fit(Model::exp, seed_points(7, 0.02));
  ASSERT_EQ(r.params.size(), 2u);
  EXPECT_EQ(r.params[0].name, "Constant");
  EXPECT_EQ(r.params[1].name, "Slope");
  EXPECT_NEAR(r.params[0].value, kSeedConstant, 3 * r.params[0].error);
  EXPECT_NEAR(r.params[1].value, kSeedSlope, 3 * r.params[1].error);
  EXPECT_EQ(r.ndf, 30);
  EXPECT_TRUE(r.converged);
  EXPECT_TRUE(r.consistent()) << r.reduced_chi2();
  EXPECT_LT(r.edm, 1e-6);
  EXPECT_GT(r.ncalls, 1);
}

// The errors are honest: over many noise draws about 68% of the fitted slopes lie within one error of the truth.
TEST(Fit, ErrorsCoverTheTruthAsOftenAsAGaussianSays) {
  int within = 0;
  const int trials = 300;
  for (int s = 0; s < trials; ++s) {
    const FitResult r = fit(Model::exp, seed_points(1000 + s, 0.03));
    within += std::abs(r.params[1].value - kSeedSlope) < r.params[1].error;
  }
  EXPECT_NEAR(static_cast<double>(within) / trials, 0.683, 0.07);
}

TEST(Fit, PowerLawAndOverheadRecoverNoiselessParameters) {
  FitData d;
  for (int n = 64; n <= 2048; n *= 2) {
    d.x.push_back(n);
    d.y.push_back(3e-11 * std::pow(n, 2.9));
    d.sigma.push_back(0.01 * d.y.back());
  }
  FitResult p = fit(Model::power, d);
  EXPECT_NEAR(p.params[0].value / 3e-11, 1, 1e-6);
  EXPECT_NEAR(p.params[1].value, 2.9, 1e-8);
  EXPECT_LT(p.chi2, 1e-10);

  FitData o;
  for (int n = 128; n <= 2048; n += 128) {
    const double flops = 2.0 * n * n * n;
    o.x.push_back(n);
    o.y.push_back(20e-6 + flops / 150e9);
    o.sigma.push_back(0.01 * o.y.back());
  }
  FitResult q = fit(Model::overhead, o);
  EXPECT_EQ(q.params[0].name, "t0");
  EXPECT_EQ(q.params[1].name, "P");
  EXPECT_NEAR(q.params[0].value, 20e-6, 1e-10);
  EXPECT_NEAR(q.params[1].value, 150, 1e-6);
  EXPECT_NEAR(evaluate(q, 1024, 2.0 * 1024 * 1024 * 1024), 20e-6 + 2.0 * 1024 * 1024 * 1024 / 150e9, 1e-12);
}

TEST(Fit, UnweightedErrorsFollowTheScatter) {
  FitData d = seed_points(3, 0.02);
  d.sigma.clear();
  const FitResult r = fit(Model::exp, d);
  EXPECT_FALSE(r.weighted);
  EXPECT_NEAR(r.reduced_chi2(), r.chi2 / 30, 1e-15);
  EXPECT_NEAR(r.params[1].value, kSeedSlope, 4 * r.params[1].error);
  EXPECT_GT(r.params[1].error, 0);
}

TEST(Fit, MinuitSummaryHasTheSeedLayout) {
  const std::string s = minuit_summary(fit(Model::exp, seed_points(7, 0.02)));
  EXPECT_EQ(s.rfind("Minimizer is ", 0), 0u);
  for (const char* key :
       {"\nChi2                      =", "\nNDf                       =           30", "\nEdm                       =",
        "\nNCalls                    =", "\nConstant                  =", "\nSlope                     =", "   +/-   "})
    EXPECT_NE(s.find(key), std::string::npos) << key << "\n" << s;
}

TEST(Fit, BadDataIsASentenceNotANaN) {
  auto message = [](Model m, FitData d) {
    try {
      fit(m, d);
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(Model::exp, {{128, 256}, {1, 2}, {}, {}}).find("needs at least 3 points (got 2)"),
            std::string::npos);
  EXPECT_NE(message(Model::exp, {{1, 2, 3}, {1, 0, 2}, {}, {}}).find("time must be > 0"), std::string::npos);
  EXPECT_NE(message(Model::exp, {{1, 2, 3}, {1, -1, 2}, {}, {}}).find("y=-1"), std::string::npos);
  EXPECT_NE(message(Model::exp, {{1, 2, 3}, {1, NAN, 2}, {}, {}}).find("not a finite number"), std::string::npos);
  EXPECT_NE(message(Model::exp, {{1, 2, 3}, {1, 2, 3}, {1, 0, 1}, {}}).find("sigma must be > 0"), std::string::npos);
  EXPECT_NE(message(Model::power, {{0, 2, 3}, {1, 2, 3}, {}, {}}).find("x > 0"), std::string::npos);
  EXPECT_NE(message(Model::exp, {{5, 5, 5}, {1, 2, 3}, {}, {}}).find("same x"), std::string::npos);
  EXPECT_NE(message(Model::exp, {{1, 2}, {1, 2, 3}, {}, {}}).find("same number"), std::string::npos);
  EXPECT_THROW(parse_model("cubic"), UsageError);
}
