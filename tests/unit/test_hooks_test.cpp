// The MMBENCH_TEST_PLUGIN hook is compiled only into builds with tests (MMB_TEST_HOOKS). This executable compiles
// src/core/test_plugins.cpp without it, as a release build does, and points the variable at the real fault
// plugin: nothing may be loaded, and a warning says the variable was ignored.
#include <cstdlib>

#include <gtest/gtest.h>

#include "mmbench/registry.hpp"

TEST(TestHooks, AReleaseBuildLoadsNoPluginAnEnvironmentVariableNames) {
  setenv("MMBENCH_TEST_PLUGIN", MMB_FAULT_PLUGIN, 1);
  mmbench::Registry registry;
  testing::internal::CaptureStderr();
  mmbench::add_test_plugins(registry);
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(registry.entries().empty());
  EXPECT_EQ(registry.find("test:fault"), nullptr);
  EXPECT_NE(err.find("MMBENCH_TEST_PLUGIN ignored"), std::string::npos) << err;
}
