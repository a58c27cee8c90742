// rknpu:matmul against the runtime double (tests/doubles/rknnrt_double.cpp), one build per runtime version: the
// version is detected and picks the info layout (the 2.x double refuses non-zero reserved bytes), shape rules come
// before any call, phases are recorded, and every documented failure is a record, not a lost run.
#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using namespace mmbench::e2e;

namespace {

std::string lib(const std::string& version) {
  return std::string("MMBENCH_RKNN_LIB=") + MMB_RKNN_DOUBLE_DIR + "/rknnrt-" + version + "/librknnrt.so";
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace

TEST(Rknpu, EveryRuntimeVersionMeasuresAndVerifies) {
  for (const std::string v : {"1.5.2", "1.6.0", "2.0.0", "2.1.0"}) {
    const std::string out = fresh_dir("npu-" + v);
    const auto r =
        run_mmbench("run --no-probe -b rknpu -M 1,32 -N 64 -K 64 -d f16,i8 --budget 0.1 -q -o " + out, lib(v));
    ASSERT_EQ(r.rc, 0) << v << "\n" << r.err << r.out;
    EXPECT_EQ(results(out).size(), 16u) << "4 layouts x 2 dtypes x 2 shapes";
    for (const auto& res : results(out)) {
      const std::string be = res["backend"], version = res["version"];
      if (be == "rknpu:matmul-btrans" && v < "2.0") {  // TP_NORM came with the 2.x layout enum
        EXPECT_EQ(res["status"], "unsupported") << res.dump();
        EXPECT_NE(res["reason"].get<std::string>().find("TP_NORM needs runtime 2.0"), std::string::npos);
        continue;
      }
      EXPECT_TRUE(res["status"] == "ok" || res["status"] == "noisy") << v << " " << res.dump();
      EXPECT_NE(version.find(v), std::string::npos) << version;
      const std::map<std::string, std::string> layouts{{"rknpu:matmul", "B NORM, A/C NORM"},
                                                       {"rknpu:matmul-native", "B NATIVE, A/C NATIVE"},
                                                       {"rknpu:matmul-bnative", "B NATIVE, A/C NORM"},
                                                       {"rknpu:matmul-btrans", "B TP_NORM, A/C NORM"}};
      EXPECT_NE(version.find(layouts.at(be)), std::string::npos) << version;
      EXPECT_EQ(res["device"], (nlohmann::json{{"kind", "npu"},
                                               {"vendor", "Rockchip"},
                                               {"name", "no NPU: the runtime test double (CPU arithmetic, tests only)"},
                                               {"id", ""}}));
      for (const char* phase : {"create", "b_upload", "a_copy", "c_copy", "first_call"})
        EXPECT_TRUE(res["phases_s"].contains(phase)) << phase;
    }
  }
}

// INT4 and the mixed types in every layout (the double does the arithmetic in the documented layouts and packing),
// hot and end to end; on 1.6 the mixed types are refused with the version they need.
TEST(Rknpu, Int4AndMixedTypesInEveryLayout) {
  const std::string out = fresh_dir("npu-types");
  const auto r = run_mmbench(
      "run --no-probe -b rknpu -M 1,5 -N 128 -K 96 -d i4,f16xi8,f16xi4 --budget 0.05 -q -o " + out, lib("2.1.0"));
  ASSERT_EQ(r.rc, 0) << r.err << r.out;
  const std::string e2e = fresh_dir("npu-types-e2e");
  ASSERT_EQ(
      run_mmbench("run --no-probe -b rknpu -M 3 -N 64 -K 32 -d i4,f16xi8,f16xi4 --mode e2e --budget 0.05 -q -o " + e2e,
                  lib("2.1.0"))
          .rc,
      0);
  EXPECT_EQ(results(out).size(), 4u * 3 * 2) << "layouts x dtypes x shapes";
  EXPECT_EQ(results(e2e).size(), 4u * 3);
  for (const auto& res : results(e2e)) EXPECT_TRUE(res["status"] == "ok" || res["status"] == "noisy") << res.dump();
  for (const auto& res : results(out)) {
    EXPECT_TRUE(res["status"] == "ok" || res["status"] == "noisy") << res.dump();
    if (res["dtype"] == "i4") {
      EXPECT_EQ(res["max_rel_err"], 0.0) << "integer results are exact";
    }
    EXPECT_DOUBLE_EQ(
        res["min_bytes"].get<double>(),
        res["dtype"] == "i4"       ? res["m"].get<double>() * 96 / 2 + 96 * 128 / 2 + res["m"].get<double>() * 128 * 2
        : res["dtype"] == "f16xi8" ? res["m"].get<double>() * 96 * 2 + 96 * 128 + res["m"].get<double>() * 128 * 4
                                   : res["m"].get<double>() * 96 * 2 + 96 * 128 / 2 + res["m"].get<double>() * 128 * 4);
  }
  const std::string old = fresh_dir("npu-types-16");
  ASSERT_EQ(run_mmbench("run --no-probe -b rknpu:matmul -M 4 -N 128 -K 64 -d i4,f16xi4 --budget 0.05 -q -o " + old,
                        lib("1.6.0"))
                .rc,
            0);
  for (const auto& res : results(old)) {
    if (res["dtype"] == "i4") {
      EXPECT_TRUE(res["status"] == "ok" || res["status"] == "noisy") << res.dump();
    } else {
      EXPECT_EQ(res["status"], "unsupported");
      EXPECT_NE(res["reason"].get<std::string>().find("needs runtime 2.0 or later"), std::string::npos) << res.dump();
    }
  }
  // N alignment per type: int4 wants 64.
  const std::string rule = fresh_dir("npu-types-rule");
  ASSERT_EQ(run_mmbench("run --no-probe -b rknpu:matmul -M 4 -N 96 -K 64 -d i4 -q -o " + rule, lib("2.1.0")).rc, 0);
  EXPECT_NE(results(rule).at(0)["reason"].get<std::string>().find("N = 96 is not a multiple of 64"), std::string::npos);
}

// Core masks are variants (@core0 .. @core012); the driver's load file shows which cores ran, and a mask the
// runtime accepts but ignores is a silent fallback, said in a note. The board's sysfs (NPU clock, governors) is
// recorded in the device.
TEST(Rknpu, CoreMasksAndSilentFallback) {
  const std::string root = fresh_dir("npu-sysfs");
  std::filesystem::create_directories(root + "/sys/kernel/debug/rknpu");
  std::filesystem::create_directories(root + "/sys/class/devfreq/fdab0000.npu");
  write_file(root + "/sys/class/devfreq/fdab0000.npu/cur_freq", "1000000000\n");
  for (int cpu = 0; cpu < 4; ++cpu) {
    const std::string dir = root + "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/cpufreq";
    std::filesystem::create_directories(dir);
    write_file(dir + "/scaling_governor", cpu < 2 ? "performance\n" : "schedutil\n");
  }
  const std::string env = lib("2.1.0") + " MMBENCH_RKNPU_SYSFS_ROOT=" + root;
  const std::string base = "run --no-probe -M 4 -N 64 -K 64 -d f16 --budget 0.05 -q -b ";
  const std::string out = fresh_dir("npu-cores");
  ASSERT_EQ(run_mmbench(base + "rknpu:matmul@core012,rknpu:matmul-native@core1 -o " + out, env).rc, 0);
  for (const auto& res : results(out)) {
    const auto& state = res["device_state"];
    EXPECT_TRUE(res["status"] == "ok" || res["status"] == "noisy") << res.dump();
    EXPECT_EQ(state["npu_cores_busy"]["text"], res["backend"] == "rknpu:matmul@core012" ? "0,1,2" : "1") << state;
    EXPECT_EQ(state["npu_freq"], (nlohmann::json{{"value", 1e9}, {"unit", "Hz"}})) << state;
    EXPECT_EQ(state["cpu_governors"]["text"], "performance x2, schedutil x2") << state;
    EXPECT_FALSE(state.contains("ddr_freq")) << "a file the board does not have is no reading: " << state;
    EXPECT_TRUE(res["notes"].empty()) << res.dump();
  }
  const std::string fb = fresh_dir("npu-fallback");
  ASSERT_EQ(run_mmbench(base + "rknpu:matmul@core012 -o " + fb, env + " MMBENCH_RKNN_FAULT=fallback").rc, 0);
  const auto res = results(fb).at(0);
  ASSERT_EQ(res["notes"].size(), 1u) << res.dump();
  EXPECT_EQ(res["notes"][0],
            "silent fallback: core mask 0x7 asked for core(s) 0,1,2, the driver's load showed only "
            "core(s) 0 busy");
  // Variants are chosen by name only: "-b rknpu" means the four layouts, not 24 backends.
  const auto l = run_mmbench("list", env);
  size_t lines = 0;
  for (size_t at = l.out.find("@core"); at != std::string::npos; at = l.out.find("@core", l.out.find('\n', at)))
    ++lines;
  EXPECT_EQ(lines, 1u) << "one line mentions the variants\n" << l.out;
}

TEST(Rknpu, ShapeRulesComeBeforeAnyCall) {
  const std::string out = fresh_dir("npu-rules");
  const auto r =
      run_mmbench("run --no-probe -b rknpu:matmul -M 4 -N 40,64 -K 48,4128 -d f16 -q -o " + out, lib("1.5.2"));
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
  struct Case {
    std::string fault, status, needle;
  };
  for (const Case& c :
       {Case{"zero", "wrong", "C is all zeros"}, Case{"crash", "failed", "signal 11"},
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
  ASSERT_GE(res["notes"].size(), 1u) << res.dump();
  EXPECT_NE(res["notes"][0].get<std::string>().find("core mask 0x7 refused (RKNN_ERR_PARAM_INVALID)"),
            std::string::npos);
  // No library at all: one line in `list`, nothing else affected.
  const auto l = run_mmbench("list", "MMBENCH_RKNN_LIB=/nonexistent/librknnrt.so");
  EXPECT_EQ(l.rc, 0);
  EXPECT_NE(l.out.find("/nonexistent/librknnrt.so not found"), std::string::npos) << l.out;
  // A file that exists but is no library (issue 17: it said "not found"): dlopen's reason, in `list` and records.
  const auto wrong = run_mmbench("list", "MMBENCH_RKNN_LIB=/etc/passwd");
  EXPECT_EQ(wrong.rc, 0);
  EXPECT_NE(wrong.out.find("cannot load /etc/passwd as the Rockchip NPU runtime"), std::string::npos) << wrong.out;
  EXPECT_NE(wrong.out.find("invalid ELF header"), std::string::npos) << wrong.out;
}

// rknpu:model: .rknn files found by shape, B checked against the ONNX file beside each, phases and the runtime's
// own device time; a file made with another seed, a missing file and a broken runtime are records, not crashes.
TEST(Rknpu, ModelApiTimesRknnFilesMadeFromOnnx) {
  if (std::system("/usr/bin/python3 -c 'import onnx, numpy' 2>/dev/null") != 0) GTEST_SKIP() << "python3-onnx missing";
  const std::string dir = fresh_dir("npu-models");
  ASSERT_EQ(run_mmbench("onnx -M 4 -N 64 -K 64,96 --seed 42 -o " + dir).rc, 0);
  ASSERT_EQ(std::system(("/usr/bin/python3 " MMB_SOURCE_DIR "/tests/doubles/onnx_to_double_rknn.py " + dir).c_str()),
            0);
  const std::string base =
      "run --no-probe -b rknpu:model -M 4 -N 64 -K 64,96,128 -d f16 --budget 0.05 -q --rknn-models " + dir;
  const std::string out = fresh_dir("npu-model-run");
  const auto r = run_mmbench(base + " --seed 42 -o " + out, lib("2.1.0"));
  ASSERT_EQ(r.rc, 0) << r.err << r.out;
  std::map<int, nlohmann::json> by_k;
  for (const auto& res : results(out)) by_k[res["k"].get<int>()] = res;
  for (int k : {64, 96}) {
    const auto& res = by_k.at(k);
    EXPECT_TRUE(res["status"] == "ok" || res["status"] == "noisy") << res.dump();
    for (const char* phase : {"init", "inputs_set", "outputs_get", "device_run_median"})
      EXPECT_TRUE(res["phases_s"].contains(phase)) << phase << " " << res.dump();
    EXPECT_FALSE(res["device_sample_times_s"].empty());
    EXPECT_NE(res["version"].get<std::string>().find("api 2.1.0 (test double), driver 0.9.6"), std::string::npos)
        << res["version"];
  }
  EXPECT_EQ(by_k.at(128)["status"], "unsupported");
  EXPECT_NE(by_k.at(128)["reason"].get<std::string>().find("no matmul_M4_N64_K128.rknn in"), std::string::npos);

  const std::string e2e = fresh_dir("npu-model-e2e");
  ASSERT_EQ(run_mmbench(base + " --mode e2e -o " + e2e, lib("2.1.0")).rc, 0);
  for (const auto& res : results(e2e)) {
    if (res["k"] != 128) {
      EXPECT_TRUE(res["status"] == "ok" || res["status"] == "noisy") << res.dump();
    }
  }

  const std::string seed = fresh_dir("npu-model-seed");  // the files carry seed 42's B
  EXPECT_EQ(run_mmbench(base + " --seed 7 -o " + seed, lib("2.1.0")).rc, 1) << "no point succeeded";
  const auto bad = results(seed).at(0);
  EXPECT_EQ(bad["status"], "failed") << bad.dump();
  EXPECT_NE(bad["reason"].get<std::string>().find("(seed 42) is not this run's B"), std::string::npos) << bad["reason"];

  const std::string zero = fresh_dir("npu-model-zero");
  run_mmbench(base + " -o " + zero, lib("2.1.0") + " MMBENCH_RKNN_FAULT=zero");
  EXPECT_EQ(results(zero).at(0)["status"], "wrong");
  // Bad input: a folder that does not exist is one line and exit 2.
  const auto missing = run_mmbench("run -b rknpu:model --rknn-models /nonexistent/models -q", lib("2.1.0"));
  EXPECT_EQ(missing.rc, 2);
  EXPECT_NE(missing.err.find("--rknn-models '/nonexistent/models': no such folder"), std::string::npos) << missing.err;
}
