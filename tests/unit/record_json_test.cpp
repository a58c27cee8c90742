// Reading records and plans back from a store: whole-number fields are range-checked (a float such as 1e93 was
// converted with undefined behaviour, an integer too large for `int` wrapped), integral floats still read.
#include "mmbench/record_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mmbench/error.hpp"
#include "mmbench/plan.hpp"

namespace mmbench {
namespace {

using nlohmann::json;

json minimal_record() {
  return {{"backend", "reference"}, {"dtype", "f32"}, {"m", 8}, {"n", 8}, {"k", 8}, {"status", "ok"}};
}

json minimal_plan() {
  return {{"spec",
           {{"backends", {"reference"}},
            {"dtypes", {"f32"}},
            {"square", {8}},
            {"m", json::array()},
            {"n", json::array()},
            {"k", json::array()},
            {"threads", 2},
            {"shapes", {{1, 2, 3}}}}}};
}

TEST(RecordJson, WholeNumbersAreRangeChecked) {
  EXPECT_EQ(record_from_json(minimal_record()).key.problem.m, 8);
  for (const auto& [key, value] : std::vector<std::pair<std::string, json>>{
           {"m", 1e300}, {"m", 8.5}, {"m", "8"}, {"threads", 4294967298LL}, {"seed", -1}, {"batch", 1e19}}) {
    json j = minimal_record();
    j[key] = value;
    EXPECT_THROW(record_from_json(j), Error) << key << " = " << value.dump();
  }
  json j = minimal_record();
  j["threads"] = 4.0;  // an integral float, as another tool may write it
  EXPECT_EQ(record_from_json(j).key.threads, 4);
  j["seed"] = 18446744073709551615ULL;
  EXPECT_EQ(record_from_json(j).seed, 18446744073709551615ULL);
}

TEST(PlanJson, WholeNumbersAreRangeChecked) {
  const Plan p = plan_from_json(minimal_plan());
  EXPECT_EQ(p.sweep.square, std::vector<int64_t>{8});
  ASSERT_EQ(p.sweep.shapes.size(), 1u);
  EXPECT_EQ(p.sweep.shapes[0][2], 3);
  json j = minimal_plan();
  j["options"] = {{"max_samples", 10333333330.2}};
  EXPECT_THROW(plan_from_json(j), Error);
  j = minimal_plan();
  j["spec"]["square"] = {8, 1e93};
  EXPECT_THROW(plan_from_json(j), Error);
  j = minimal_plan();
  j["spec"]["shapes"] = {{1, 2}};
  EXPECT_THROW(plan_from_json(j), Error);
}

}  // namespace
}  // namespace mmbench
