// cuda:cublas run by the user's command line against the CUDA test double (tests/doubles/cuda: libcudart, cuBLAS,
// cuBLASLt and NVML stand-ins found through LD_LIBRARY_PATH), so the backend's own code — every dtype and mode,
// FP8's transposed upload, the shape rules, device-side cold copies, the clock check and every error path — runs
// where no GPU exists. What this cannot show is the speed of a GPU: the double multiplies on the CPU and says so.
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using namespace mmbench::e2e;

#ifdef MMB_CUDA_DOUBLE_DIR

namespace {

const std::string kEnv = std::string("LD_LIBRARY_PATH=") + MMB_CUDA_DOUBLE_DIR;

}  // namespace

TEST(CudaDouble, EveryDtypeAndModeIsMeasuredAndVerified) {
  for (const std::string mode : {"hot", "e2e", "cold"}) {
    const std::string out = fresh_dir("cuda-double-" + mode);
    const auto r = run_mmbench(
        "run --no-probe -b cuda:cublas -M 16 -N 48 -K 32 -d f32,tf32,f16,bf16,i8,f8 --budget 0.2 "
        "-q --mode " +
            mode + " -o " + out,
        kEnv);
    ASSERT_EQ(r.rc, 0) << r.out << r.err;
    const auto res = results(out);
    ASSERT_EQ(res.size(), 6u);
    for (const auto& p : res) {
      EXPECT_TRUE(p["status"] == "ok" || p["status"] == "noisy") << mode << " " << p.dump();
      EXPECT_EQ(p["device"], (nlohmann::json{{"kind", "gpu"},
                                             {"vendor", "NVIDIA"},
                                             {"name", "CUDA test double (CPU arithmetic, not a GPU)"},
                                             {"id", "0000:00:00.0"}}));
      const auto& state = p["device_state"];
      EXPECT_EQ(state["sm_clock_start"], (nlohmann::json{{"value", 1980}, {"unit", "MHz"}})) << state;
      EXPECT_EQ(state["sm_clock_end"], (nlohmann::json{{"value", 1980}, {"unit", "MHz"}})) << state;
      EXPECT_EQ(state["compute_capability"]["text"], "sm_90") << state;
      EXPECT_FALSE(p["device_sample_times_s"].empty());
      EXPECT_TRUE(p["phases_s"].contains("upload") && p["phases_s"].contains("download")) << p["phases_s"];
      EXPECT_NE(p["version"].get<std::string>().find("compute 3"), std::string::npos) << p["version"];
      // Cold on a GPU rotates device copies (>= 2x its L2, at most 64), never 1024 host copies.
      if (mode == "cold")
        EXPECT_EQ(p["cold_copies"], 64) << p.dump();
      else
        EXPECT_EQ(p["cold_copies"], 0);
    }
  }
}

TEST(CudaDouble, ShapeRulesAreCheckedBeforeAnyCall) {
  const std::string out = fresh_dir("cuda-double-rules");
  const auto r =
      run_mmbench("run --no-probe -b cuda:cublas -M 8 -N 40,42 -K 32 -d i8,f8 --budget 0.1 -q -o " + out, kEnv);
  ASSERT_EQ(r.rc, 0) << r.err;
  std::map<std::string, nlohmann::json> by;
  for (const auto& p : results(out)) by[p["dtype"].get<std::string>() + std::to_string(p["n"].get<int>())] = p;
  EXPECT_TRUE(by["i840"]["status"] == "ok" || by["i840"]["status"] == "noisy") << by["i840"].dump();
  EXPECT_EQ(by["i842"]["status"], "unsupported");
  EXPECT_NE(by["i842"]["reason"].get<std::string>().find("multiples of 4"), std::string::npos);
  EXPECT_EQ(by["f840"]["status"], "unsupported");
  EXPECT_NE(by["f840"]["reason"].get<std::string>().find("N and K multiples of 16"), std::string::npos);
}

TEST(CudaDouble, FailuresAreRecords) {
  struct Case {
    std::string fault, dtype, status, needle;
  };
  for (const Case& c : {Case{"zero", "f16", "wrong", "all zeros"}, Case{"crash", "bf16", "failed", "signal 11"},
                        Case{"crash", "f8", "failed", "signal 11"}, Case{"oom", "f32", "failed", "out of memory"},
                        Case{"nofp8", "f8", "failed", "cuBLASLt offers no FP8 algorithm"},
                        Case{"nodevice", "f32", "unsupported", "no CUDA device (no CUDA-capable device is detected"}}) {
    const std::string out = fresh_dir("cuda-double-" + c.fault);
    run_mmbench("run --no-probe -b cuda:cublas -M 8 -N 32 -K 32 --budget 0.1 -q -d " + c.dtype + " -o " + out,
                kEnv + " MMBENCH_CUDA_FAULT=" + c.fault);
    const auto res = results(out);
    ASSERT_EQ(res.size(), 1u) << c.fault;
    EXPECT_EQ(res[0]["status"], c.status) << c.fault << " " << res[0].dump();
    EXPECT_NE(res[0]["reason"].get<std::string>().find(c.needle), std::string::npos)
        << c.fault << " " << res[0]["reason"];
  }
}

// With the probe on, the backend measures its device's memory and the points are judged against that, not the
// host's roofs; the roofline chart (the host's roof) leaves them out.
TEST(CudaDouble, TheDeviceMeasuresItsOwnRoofs) {
  const std::string out = fresh_dir("cuda-double-roofs");
  const auto r = run_mmbench("run -b cuda:cublas -M 1 -N 512 -K 512 -d f32 --budget 0.2 -o " + out, kEnv);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.err.find("roofs: cuda:cublas on CUDA test double (CPU arithmetic, not a GPU): memory "),
            std::string::npos)
      << r.err;
  const auto an = nlohmann::json::parse(read_file(out + "/analysis.json"));
  ASSERT_EQ(an["series"].size(), 1u);
  EXPECT_GT(an["roofs"]["devices"]["cuda:cublas"]["bandwidth_gbs"].get<double>(), 0);
  EXPECT_NE(an["series"][0]["device_roofs"].get<std::string>().find("compute: the best measured on it"),
            std::string::npos);
  EXPECT_TRUE(an["series"][0]["points"][0].contains("roofline")) << an["series"][0].dump();
}

TEST(CudaDouble, ProbeReportsTheDevicesMemory) {
  const auto r = run_mmbench("probe --json --no-overhead -b cuda:cublas", kEnv);
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["devices"]["cuda:cublas"]["bandwidth_gbs"].get<double>(), 0) << r.out;
  EXPECT_EQ(j["devices"]["cuda:cublas"]["cache_bytes"].get<double>(), 50 << 20);
}

TEST(CudaDouble, AClockDropDuringAPointIsANote) {
  const std::string out = fresh_dir("cuda-double-throttle");
  ASSERT_EQ(run_mmbench("run --no-probe -b cuda:cublas -M 8 -N 32 -K 32 --budget 0.1 -q -o " + out,
                        kEnv + " MMBENCH_CUDA_FAULT=throttle")
                .rc,
            0);
  const auto p = results(out).at(0);
  ASSERT_GE(p["notes"].size(), 1u) << p.dump();
  EXPECT_NE(p["notes"][0].get<std::string>().find("SM clock dropped from 1980 to 1410 MHz"), std::string::npos)
      << p["notes"];
  EXPECT_EQ(p["device_state"]["sm_clock_start"]["value"], 1980) << p["device_state"];
  EXPECT_EQ(p["device_state"]["sm_clock_end"]["value"], 1410) << p["device_state"];
}

#else

TEST(CudaDouble, NotBuilt) {
  GTEST_SKIP() << "cuda:cublas is not built here (no CUDA toolkit at configure time)";
}

#endif
