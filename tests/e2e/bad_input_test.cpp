// Bad input: one line on stderr naming the bad value (and what is allowed), exit code 2, nothing measured.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "cli_runner.hpp"

using namespace mmbench::e2e;

TEST(BadInput, OneLineAndExitCodeTwo) {
  const std::string dir = fresh_dir("bad");
  std::ofstream(dir + "/results.db") << "garbage garbage garbage garbage garbage garbage garbage garbage garbage";
  std::ofstream(dir + "/afile") << "x";
  const std::vector<std::pair<std::string, std::string>> cases{
      {"run --size 0", "'0'"},
      {"run --size -64", "-64"},
      {"run --size abc", "'abc'"},
      {"run --size 1024:128", "reversed"},
      {"run --size 99999999999999999999", "too large"},
      {"run --size 300000 --dtype f64", "this machine has"},
      {"run --size 8 --backend nosuch", "'nosuch'"},
      {"run --size 8 --dtype fp32", "'fp32'"},
      {"run --size 8 --preset seed", "--preset"},
      {"run --preset nosuch", "'nosuch'"},
      {"run -M 8", "-N"},
      {"run --size 8 --threads -1", "threads"},
      {"run --size 8 --noise 5", "noise"},
      {"run --size 8 -o " + dir + "/afile", "afile"},
      {"report " + dir, "not a usable mmbench store"},
      {"report " + dir + "/nothing-here", "no store"},
      {"run --resume " + dir + "/nothing-here", "no store"},
      {"frobnicate", "frobnicate"},
      {"run --size 8 --bar-sizes 0", "'0'"},
      {"run --size 8 --bar-metric speed", "speed"},
      {"run --size 8 --scale cubic", "cubic"},
      {"run --size 8 --cl-device nosuch-device", "--cl-device 'nosuch-device'"},  // with or without OpenCL
      {"run --size 8 --cl-platform nosuch-platform", "--cl-platform 'nosuch-platform'"},
      {"run --size 8 --mode lukewarm", "lukewarm"},
      {"run --size 8 --rknn-lib /nonexistent/librknnrt.so", "/nonexistent/librknnrt.so"},
      {"run --size 8 --rknn-models /nonexistent/models", "'/nonexistent/models': no such folder"},
      {"run --size 8 -b rknpu:matmul@core9", "(variants: rknpu:matmul@core0, "},
      {"report " + dir + "/nothing-here --scale lin", "no store"},
      // issue 17: values that got through or got a poor answer
      {"run --size 8 --noise nan", "'nan' is not a number from 0.0001 to 0.5"},
      {"run --size 8 --budget nan", "'nan' is not a number from 0.01 to 86400"},
      {"run --size 8 --timeout inf", "'inf' is not a number"},
      {"run --size ''", "invalid --size '': empty"},
      {"run -b ''", "invalid --backend '': empty"},
      {"run -d ''", "invalid --dtype '': empty"},
      {"run --size 8 --seed -1", "'-1' is not a seed"},
      {"run --size 8 --seed 99999999999999999999999", "is not a seed"},
      {"run --size 8 --threads 100000", "'100000' is not a whole number from 0 to 4096"},
      {"run --size 8 --threads -1 --dry-run", "'-1' is not a whole number from 0 to 4096"},
      {"run --size 2^30:2^30:*2^34 --dry-run", "needs"},
      {"run -M 1:1000 -N 1:1000 -K 1:1000 --dry-run", "at most 1000000 in one run"},
      {"run --size 1:100000,1:100000 --dry-run", "more than 100000 values"},
      {"report " + dir + "/afile", "is not a store"},
      {"fit --data /dev/zero", "line longer than 4096 characters"},
  };
  for (const auto& [args, needle] : cases) {
    const auto r = run_mmbench(args);
    EXPECT_EQ(r.rc, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << args << " -> " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << " -> " << r.err;
  }
}
