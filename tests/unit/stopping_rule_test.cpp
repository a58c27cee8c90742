// The stopping rule, warm-up and batching, without clocks.
#include "mmbench/stopping_rule.hpp"

#include <gtest/gtest.h>

using namespace mmbench;

TEST(StoppingRule, NeedsMinimumSamplesAndARealInterval) {
  MeasureOptions o;
  o.noise = 0.01;
  o.min_samples = 5;
  std::vector<double> s(5, 1.0);
  EXPECT_EQ(should_stop(s, 0.1, o), StopVerdict::keep_going);  // 5 samples: no 95% interval exists yet
  s.push_back(1.0);
  EXPECT_EQ(should_stop(s, 0.1, o), StopVerdict::converged);
}

TEST(StoppingRule, NoisySamplesRunUntilTheBudget) {
  MeasureOptions o;
  o.budget_s = 2;
  std::vector<double> s{1.0, 1.3, 0.8, 1.2, 0.9, 1.25, 0.85};
  EXPECT_EQ(should_stop(s, 1.0, o), StopVerdict::keep_going);
  EXPECT_EQ(should_stop(s, 2.5, o), StopVerdict::budget_spent);
  o.max_samples = 7;
  EXPECT_EQ(should_stop(s, 1.0, o), StopVerdict::max_samples);
}

TEST(StoppingRule, NoiseOptionIsHonoured) {
  MeasureOptions o;
  std::vector<double> s{1.00, 1.02, 0.98, 1.01, 0.99, 1.00, 1.02, 0.98};
  o.noise = 0.01;
  EXPECT_EQ(should_stop(s, 0.1, o), StopVerdict::keep_going);
  o.noise = 0.05;
  EXPECT_EQ(should_stop(s, 0.1, o), StopVerdict::converged);
}

TEST(Warmup, SettlesWhenTwoTimingsAgreeWithinTenPercent) {
  EXPECT_FALSE(warmup_settled({1.0}));
  EXPECT_FALSE(warmup_settled({9.0, 1.0}));
  EXPECT_TRUE(warmup_settled({9.0, 1.0, 1.05}));
}

TEST(Batching, ShortCallsAreBatched) {
  EXPECT_EQ(batch_size_for(2e-3, 1e-3), 1);
  EXPECT_EQ(batch_size_for(1e-5, 1e-3), 100);
  EXPECT_EQ(batch_size_for(3e-4, 1e-3), 4);
}

// Issue 15: a slow point (0.5 s a call, 3 s budget) still gets a 95% interval's worth of samples past its budget,
// unless one more sample would pass its time limit (half the --timeout).
TEST(StoppingRule, SlowPointsGetTheirMinimumSamplesPastTheBudget) {
  MeasureOptions o;
  o.budget_s = 3, o.timeout_s = 120;
  std::vector<double> s{0.5, 0.52, 0.49};
  EXPECT_EQ(should_stop(s, 3.2, o), StopVerdict::keep_going);
  s = {0.5, 0.6, 0.45, 0.55, 0.4, 0.65};  // 6 samples, spread too wide to converge
  EXPECT_EQ(should_stop(s, 4.1, o), StopVerdict::budget_spent);
  s = {20.0, 21.0};  // 20 s calls: a third sample would end past 60 s
  EXPECT_EQ(should_stop(s, 45, o), StopVerdict::time_limit);
  EXPECT_EQ(should_stop(s, 35, o), StopVerdict::keep_going);
  EXPECT_EQ(time_limit_s(o), 60);
  o.budget_s = 100;
  EXPECT_EQ(time_limit_s(o), 100);  // a budget above half the timeout is the limit itself
}
