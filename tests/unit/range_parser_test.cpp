// The range syntax: what users type for sizes, and the one-line errors bad values get.
#include "mmbench/range_parser.hpp"

#include <gtest/gtest.h>

#include "mmbench/error.hpp"
#include "mmbench/sweep.hpp"

using namespace mmbench;
using V = std::vector<int64_t>;

TEST(RangeParser, Forms) {
  EXPECT_EQ(parse_range("128"), V{128});
  EXPECT_EQ(parse_range("1,8,128"), (V{1, 8, 128}));
  EXPECT_EQ(parse_range("128:512:128"), (V{128, 256, 384, 512}));
  EXPECT_EQ(parse_range("64:1024:*2"), (V{64, 128, 256, 512, 1024}));
  EXPECT_EQ(parse_range("2^6:2^9"), (V{64, 128, 256, 512}));
  EXPECT_EQ(parse_range("2^10"), V{1024});
  EXPECT_EQ(parse_range("1:3"), (V{1, 2, 3}));
  EXPECT_EQ(parse_range("1, 8:24:8, 8"), (V{1, 8, 16, 24}));  // spaces allowed, duplicates dropped
  EXPECT_EQ(parse_range("128:4096:128").size(), 32u);         // the seed sweep
}

TEST(RangeParser, RejectsWithTheBadPiece) {
  const std::vector<std::pair<std::string, std::string>> bad{
      {"0", "is zero"},         {"-5", "negative"},     {"abc", "not a number"},
      {"12x", "not a number"},  {"", "empty"},          {"512:128", "reversed"},
      {"1:10:0", "is zero"},    {"1,,2", "empty"},      {"99999999999999999999", "too large"},
      {"1:2:3:4", "more than"}, {"3^4", "powers of 2"}, {"1:8:*1", "at least 2"},
      {"2^50", "too large"},
  };
  for (const auto& [text, why] : bad) {
    try {
      parse_range(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << text << " -> " << e.what();
      EXPECT_NE(std::string(e.what()).find("'" + text + "'"), std::string::npos) << e.what();
    }
  }
}

TEST(RangeParser, ListsOfNames) {
  EXPECT_EQ(split_list("f32, f64,f32", "dtype"), (std::vector<std::string>{"f32", "f64"}));
  EXPECT_THROW(split_list("f32,", "dtype"), UsageError);
}

// Hostile sizes (issue 17, item 4): a factor that would overflow ends the range; an axis of too many values and a
// plan of too many points are refused with the count instead of exhausting memory; de-duplication is linear.
TEST(RangeParser, FactorNeverOverflowsAndAxesAreBounded) {
  EXPECT_EQ(parse_range("2^30:2^30:*2^34", "--size"), (std::vector<int64_t>{int64_t{1} << 30}));
  EXPECT_EQ(parse_range("2^38:2^39:*2^39", "--size"), (std::vector<int64_t>{int64_t{1} << 38}));
  EXPECT_THROW(parse_range("1:100000,1:100000:2", "--size"), UsageError);
  EXPECT_EQ(parse_range("1:50000,1:50000", "--size").size(), 50000u);
}

TEST(Sweep, PlansBeyondTheLimitAreRefusedBeforeExpansion) {
  SweepSpec s;
  s.backends = {"a", "b"};
  s.m = parse_range("1:1000", "-M");
  s.n = s.m;
  s.k = s.m;
  EXPECT_EQ(count_points(s), 2000000000u);
  EXPECT_THROW(expand(s), UsageError);
  s.square = {8, 16};
  EXPECT_EQ(expand(s).size(), 4u);
}
