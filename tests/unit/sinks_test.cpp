// Sinks: the table marks the fastest verified backend and names failures; CSV quotes what needs quoting.
#include <gtest/gtest.h>

#include <sstream>

#include "mmbench/sinks.hpp"

using namespace mmbench;

static Record rec(const std::string& b, Status s, double gflops, const std::string& reason = "") {
  Record r;
  r.key = {b, {64, 64, 64, DType::f32}};
  r.status = s;
  r.gflops = gflops;
  r.reason = reason;
  r.samples_s = {1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3};
  r.summary = summarize(r.samples_s);
  return r;
}

TEST(Table, MarksFastestAndNamesFailures) {
  Report rep;
  rep.records = {rec("a", Status::ok, 10), rec("b", Status::ok, 20), rec("c", Status::wrong, 99, "C is all zeros")};
  std::ostringstream os;
  write_table(os, rep, false);
  const std::string t = os.str();
  EXPECT_NE(t.find("*20.0"), std::string::npos) << t;
  EXPECT_EQ(t.find("*99"), std::string::npos) << t;  // a fast wrong answer is never the fastest
  EXPECT_NE(t.find("WRONG"), std::string::npos);
  EXPECT_NE(t.find("C is all zeros"), std::string::npos);
}

TEST(Csv, HeaderAndQuoting) {
  Report rep;
  rep.records = {rec("a", Status::failed, 0, "crashed: signal 11, \"SEGV\"")};
  std::ostringstream os;
  write_csv(os, rep);
  std::istringstream in(os.str());
  std::string header, line;
  std::getline(in, header);
  std::getline(in, line);
  EXPECT_EQ(header.rfind("backend,dtype,m,n,k,", 0), 0u);
  EXPECT_NE(line.find("\"crashed: signal 11, \"\"SEGV\"\"\""), std::string::npos) << line;
}
