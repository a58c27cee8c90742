// Device backends as a user meets them: opencl:clblast measured for real on whatever OpenCL device exists (PoCL's
// CPU device in CI), with device timers, its first call apart, fp16 refused with the reason when the device lacks
// it; cuda:cublas reporting cleanly where no GPU exists, and measured where one does.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using namespace mmbench::e2e;

namespace {

nlohmann::json listed(const std::string& name) {
  const auto r = run_mmbench("list --json");
  for (const auto& b : nlohmann::json::parse(r.out))
    if (b["name"] == name) return b;
  return nullptr;
}

}  // namespace

TEST(OpenCL, ClblastMeasuresWithDeviceTimersAndRefusesMissingFp16) {
  const auto b = listed("opencl:clblast");
  if (b.is_null()) GTEST_SKIP() << "opencl:clblast not built (CLBlast/OpenCL not found at configure time)";
  if (!b["usable"].get<bool>()) GTEST_SKIP() << "no OpenCL device: " << b["reason"].get<std::string>();
  const std::string out = fresh_dir("clblast");
  const auto r = run_mmbench("run --no-probe -b opencl:clblast --size 16,48 -d f32,f16 --budget 0.3 -q -o " + out);
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(read_file(out + "/results.json"));
  int measured = 0;
  for (const auto& res : j["results"]) {
    if (res["dtype"] == "f32") {
      ASSERT_TRUE(res["status"] == "ok" || res["status"] == "noisy") << res.dump();
      EXPECT_FALSE(res["device_sample_times_s"].empty());
      EXPECT_EQ(res["device_sample_times_s"].size(), res["sample_times_s"].size());
      EXPECT_TRUE(res["phases_s"].contains("first_call_device"));
      EXPECT_TRUE(res["phases_s"].contains("device_run_median"));
      ++measured;
    } else if (b["device_identity"]["vendor"] == "The pocl project") {
      EXPECT_EQ(res["status"], "unsupported");
      EXPECT_NE(res["reason"].get<std::string>().find("cl_khr_fp16"), std::string::npos) << res["reason"];
    }
  }
  EXPECT_EQ(measured, 2);

  // Device time is the whole call: CLBlast's indirect GEMM (N = 512 here) runs helper kernels before the one whose
  // event it returns; timing that event alone gave 1 ms against 86 ms of host time at N = 1024.
  const std::string big = fresh_dir("clblast-512");
  ASSERT_EQ(run_mmbench("run --no-probe -b opencl:clblast --size 512 --budget 0.3 -q -o " + big).rc, 0);
  const auto rec = nlohmann::json::parse(read_file(big + "/results.json"))["results"][0];
  const double ratio = rec["phases_s"]["device_run_median"].get<double>() / rec["median_s"].get<double>();
  EXPECT_GT(ratio, 0.8) << rec.dump();
  EXPECT_LE(ratio, 1.05) << rec.dump();

  // End to end: every call also writes A and B and reads C; the same backend, slower or equal, still verified.
  const std::string e2e = fresh_dir("clblast-e2e");
  const auto e =
      run_mmbench("run --no-probe -b opencl:clblast,cblas:openblas --size 48 --mode e2e --budget 0.3 -q -o " + e2e);
  ASSERT_EQ(e.rc, 0) << e.out << e.err;
  const auto doc = nlohmann::json::parse(read_file(e2e + "/results.json"));  // kept: the loop reads into it
  for (const auto& res : doc["results"]) {
    EXPECT_EQ(res["mode"], "e2e");
    EXPECT_TRUE(res["status"] == "ok" || res["status"] == "noisy") << res.dump();
  }
  if (b["device_identity"]["kind"] == "emulated") {
    EXPECT_NE(r.err.find("runs on an emulated device"), std::string::npos) << r.err;
  }
}

// An emulated device (PoCL) measures the emulator: left out of the default selection, with the reason, and
// measured whenever it is named or its family is.
TEST(OpenCL, AnEmulatedDeviceIsLeftOutOfTheDefaultSelection) {
  const auto b = listed("opencl:clblast");
  if (b.is_null() || !b["usable"].get<bool>()) GTEST_SKIP() << "no usable opencl:clblast here";
  const bool emulated = b["device_identity"]["kind"] == "emulated";
  const auto def = run_mmbench("run --dry-run --size 64");
  ASSERT_EQ(def.rc, 0) << def.err;
  EXPECT_EQ(def.out.find("opencl:clblast f32") == std::string::npos, emulated) << def.out;
  if (emulated) {
    EXPECT_NE(def.err.find("opencl:clblast not used by default: its device is emulated on the CPU"), std::string::npos)
        << def.err;
  }
  for (const std::string sel : {"opencl", "opencl:clblast"}) {
    const auto r = run_mmbench("run --dry-run --size 64 -b " + sel);
    EXPECT_NE(r.out.find("opencl:clblast f32"), std::string::npos) << sel << ": " << r.out;
  }
}

TEST(Cuda, CublasIsCleanWithoutAGpuAndMeasuredWithOne) {
  const auto b = listed("cuda:cublas");
  if (b.is_null()) GTEST_SKIP() << "cuda:cublas not built (no CUDA toolkit at configure time)";
  const std::string out = fresh_dir("cublas");
  const auto r =
      run_mmbench("run --no-probe -b cuda:cublas --size 64,256 -d f32,f16,bf16,tf32,i8 --budget 0.3 -q -o " + out);
  const auto j = nlohmann::json::parse(read_file(out + "/results.json"));
  if (!b["usable"].get<bool>()) {
    EXPECT_EQ(r.rc, 0) << r.err;  // unsupported points are not failures
    for (const auto& res : j["results"]) {
      EXPECT_EQ(res["status"], "unsupported");
      EXPECT_EQ(res["reason"], "not available: " + b["reason"].get<std::string>());
    }
    GTEST_SKIP() << "no CUDA device here: " << b["reason"].get<std::string>();
  }
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  for (const auto& res : j["results"]) {
    EXPECT_TRUE(res["status"] == "ok" || res["status"] == "noisy") << res.dump();
    EXPECT_FALSE(res["device_sample_times_s"].empty()) << res.dump();
  }
}
