// rknpu:matmul against the runtime double (tests/doubles/rknnrt_double.cpp), one build per runtime version: the
// version is detected and picks the info layout (the 2.x double refuses non-zero reserved bytes), shape rules come
// before any call, phases are recorded, and every documented failure is a record, not a lost run.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using namespace mmbench::e2e;

namespace {

std::string lib(const std::string& version) {
  return std::string("MMBENCH_RKNN_LIB=") + MMB_RKNN_DOUBLE_DIR + "/rknnrt-" + version + "/librknnrt.so";
}

nlohmann::json results(const std::string& out) { return nlohmann::json::parse(read_file(out + "/results.json"))["results"]; }

}  // namespace

TEST(Rknpu, EveryRuntimeVersionMeasuresAndVerifies) {
  for (const std::string v : {"1.5.2", "1.6.0", "2.0.0", "2.1.0"}) {
    const std::string out = fresh_dir("npu-" + v);
    const auto r = run_mmbench("run --no-probe -b rknpu -M 1,32 -N 64 -K 64 -d f16,i8 --budget 0.1 -q -o " + out,
                               lib(v));
    ASSERT_EQ(r.rc, 0) << v << "\n" << r.err << r.out;
    EXPECT_EQ(results(out).size(), 8u) << "2 layouts x 2 dtypes x 2 shapes";
    for (const auto& res : results(out)) {
      EXPECT_TRUE(res["status"] == "ok" || res["status"] == "noisy") << v << " " << res.dump();
      EXPECT_NE(res["version"].get<std::string>().find(v), std::string::npos) << res["version"];
      EXPECT_NE(res["version"].get<std::string>().find(res["backend"] == "rknpu:matmul-native" ? "NATIVE" : "NORM"),
                std::string::npos) << res["version"];
      EXPECT_NE(res["device"].get<std::string>().find("test double"), std::string::npos) << res["device"];
      for (const char* phase : {"create", "b_upload", "a_copy", "c_copy", "first_call"})
        EXPECT_TRUE(res["phases_s"].contains(phase)) << phase;
    }
  }
}

TEST(Rknpu, ShapeRulesComeBeforeAnyCall) {
  const std::string out = fresh_dir("npu-rules");
  const auto r = run_mmbench("run --no-probe -b rknpu:matmul -M 4 -N 40,64 -K 48,4128 -d f16 -q -o " + out,
                             lib("1.5.2"));
  ASSERT_EQ(r.rc, 0) << r.err;
  std::map<std::string, std::string> reason;
  for (const auto& res : results(out))
    reason[std::to_string(res["n"].get<int>()) + "x" + std::to_string(res["k"].get<int>())] = res["reason"];
  EXPECT_NE(reason["40x48"].find("K = 48 is not a multiple of 32"), std::string::npos) << reason["40x48"];
  EXPECT_NE(reason["40x4128"].find("multiple of"), std::string::npos);
  EXPECT_NE(reason["64x4128"].find("exceeds this runtime's limit of 4096"), std::string::npos) << reason["64x4128"];
}

TEST(Rknpu, FailuresAreRecords) {
  const std::string base = "run --no-probe -b rknpu:matmul -M 8 -N 64 -K 64 -d f16 --budget 0.1 --timeout 3 -q -o ";
  struct Case { std::string fault, status, needle; };
  for (const Case& c : {Case{"zero", "wrong", "C is all zeros"}, Case{"crash", "failed", "signal 11"},
                        Case{"hang", "failed", "timed out"}, Case{"nodevice", "unsupported", "RKNN_ERR_DEVICE_UNAVAILABLE"}}) {
    const std::string out = fresh_dir("npu-" + c.fault);
    const auto r = run_mmbench(base + out, lib("2.1.0") + " MMBENCH_RKNN_FAULT=" + c.fault);
    const auto res = results(out).at(0);
    EXPECT_EQ(res["status"], c.status) << c.fault << " " << res.dump();
    EXPECT_NE(res["reason"].get<std::string>().find(c.needle), std::string::npos) << c.fault << " " << res["reason"];
  }
  // A refused core mask: measured anyway, with a note saying so.
  const std::string out = fresh_dir("npu-mask");
  ASSERT_EQ(run_mmbench(base + out, lib("2.1.0") + " MMBENCH_RKNN_FAULT=refuse-mask MMBENCH_RKNN_CORE_MASK=7").rc, 0);
  const auto res = results(out).at(0);
  EXPECT_TRUE(res["status"] == "ok" || res["status"] == "noisy");
  ASSERT_EQ(res["notes"].size(), 1u) << res.dump();
  EXPECT_NE(res["notes"][0].get<std::string>().find("core mask 0x7 refused (RKNN_ERR_PARAM_INVALID)"), std::string::npos);
  // No library at all: one line in `list`, nothing else affected.
  const auto l = run_mmbench("list", "MMBENCH_RKNN_LIB=/nonexistent/librknnrt.so");
  EXPECT_EQ(l.rc, 0);
  EXPECT_NE(l.out.find("/nonexistent/librknnrt.so not found"), std::string::npos) << l.out;
}
