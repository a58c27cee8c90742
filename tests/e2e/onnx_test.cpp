// `mmbench onnx` as a user calls it: one file per shape with the shape in its name, opset 14, accepted by ONNX's
// Python checker (Debian's python3-onnx, through /usr/bin/python3), with B equal to the B `mmbench run` uses for
// the same seed; bad input is one line and exit 2.
#include <cstdio>
#include <filesystem>

#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "mmbench/host_matrix.hpp"

using namespace mmbench::e2e;

TEST(Onnx, GeneratesCheckedModelsWithTheRunsB) {
  const auto help = run_mmbench("onnx --help");
  if (help.rc != 0) GTEST_SKIP() << "built without libonnx";
  const std::string out = fresh_dir("onnx");
  const auto r = run_mmbench("onnx -M 1,8 -N 32 -K 16 --seed 7 -o " + out);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(out + "/matmul_M1_N32_K16.onnx"));
  const std::string model = out + "/matmul_M8_N32_K16.onnx";
  ASSERT_TRUE(std::filesystem::exists(model)) << r.out;

  if (std::system("/usr/bin/python3 -c 'import onnx' 2>/dev/null") != 0) GTEST_SKIP() << "python3-onnx missing";
  const std::string py = "/usr/bin/python3 -c \"import onnx, onnx.numpy_helper as h; m = onnx.load('" + model +
                         "'); onnx.checker.check_model(m); b = h.to_array(m.graph.initializer[0]); "
                         "print(m.opset_import[0].version, m.graph.node[0].op_type, b.shape[0], b.shape[1], "
                         "repr(float(b[0][0])), repr(float(b[15][31])))\" > " +
                         out + "/py.txt 2>&1";
  ASSERT_EQ(std::system(py.c_str()), 0) << read_file(out + "/py.txt");
  mmbench::HostMatrix b(16, 32, mmbench::DType::f32);
  b.fill_random(7 + 1);
  char want[256];
  std::snprintf(want, sizeof want, "14 MatMul 16 32 %.9g %.9g", b.at(0, 0), b.at(15, 31));
  double got00 = 0, got1531 = 0;
  int opset = 0, k = 0, n = 0;
  char op[32] = {};
  ASSERT_EQ(
      std::sscanf(read_file(out + "/py.txt").c_str(), "%d %31s %d %d %lf %lf", &opset, op, &k, &n, &got00, &got1531), 6)
      << read_file(out + "/py.txt");
  EXPECT_EQ(opset, 14);
  EXPECT_STREQ(op, "MatMul");
  EXPECT_EQ(k, 16);
  EXPECT_EQ(n, 32);
  EXPECT_EQ(got00, b.at(0, 0)) << want;
  EXPECT_EQ(got1531, b.at(15, 31)) << want;

  EXPECT_EQ(run_mmbench("onnx -M 8 -o " + out).rc, 2);
  EXPECT_EQ(run_mmbench("onnx --size 0 -o " + out).rc, 2);
}
