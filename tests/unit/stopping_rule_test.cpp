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

TEST(Warmup, SteadyWarmUpCallsBecomeSamplesOnlyWhenTheTimingsShowIt) {
  // The call that ended a settled warm-up is a sample; an unsettled one (cap or budget) gives none.
  EXPECT_EQ(warmup_calls_sampled({9.0, 1.0, 1.05}, 1, false, false), 1);
  EXPECT_EQ(warmup_calls_sampled({9.0, 1.0, 2.0}, 1, true, false), 0);
  // A fresh process's first call is never a sample, even when it agreed (its minimum warm-up still ran).
  EXPECT_EQ(warmup_calls_sampled({1.0, 1.05}, 1, false, false), 1);
  // A warm worker's first call at a new shape that agrees with the next: both are samples.
  EXPECT_EQ(warmup_calls_sampled({1.0, 1.05}, 1, true, false), 2);
  // ...but not when it needed warming (a slow first call, then two that agree).
  EXPECT_EQ(warmup_calls_sampled({1.5, 1.0, 1.05}, 1, true, false), 1);
  // Batched samples time many calls: a single call is not one of them.
  EXPECT_EQ(warmup_calls_sampled({1e-4, 1e-4}, 10, true, false), 0);
  // A device backend's samples carry device times its warm-up calls lack.
  EXPECT_EQ(warmup_calls_sampled({1.0, 1.05}, 1, true, true), 0);
}

TEST(Warmup, KeptWarmUpCallsSlowerThanTheSamplesAfterThemAreDropped) {
  // Both kept calls agree with the samples: both stay.
  EXPECT_EQ(steady_warmup_calls({1.02, 1.0, 1.0, 0.99, 1.01}, 2), 2);
  // Two slow calls that agreed with each other (ATLAS at N = 512: 13.5, 13.2, then 8.3 ms): both go.
  EXPECT_EQ(steady_warmup_calls({13.5, 13.2, 8.4, 8.2, 8.3, 8.3}, 2), 0);
  // Only the first was slow: it goes, the call that ended the warm-up stays.
  EXPECT_EQ(steady_warmup_calls({1.3, 1.05, 1.0, 1.0, 1.0}, 2), 1);
  // Nothing kept; nothing after them to judge them by.
  EXPECT_EQ(steady_warmup_calls({5.0, 1.0, 1.0}, 0), 0);
  EXPECT_EQ(steady_warmup_calls({5.0}, 1), 1);
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
