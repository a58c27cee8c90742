// Issue 17, item 7: outputs are never written through a symlink, and a write that fails (a full disk, here a file
// size limit) leaves the earlier files whole and says which file and why, on one line.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using namespace mmbench::e2e;
namespace fs = std::filesystem;

namespace {

std::string tiny_run(const std::string& name) {
  const std::string out = fresh_dir(name);
  const auto r = run_mmbench("run -b reference --size 8,16 --no-probe --budget 0.01 -q --no-charts -o " + out);
  EXPECT_EQ(r.rc, 0) << r.err;
  return out;
}

// The lines of stderr that report an error (report also repeats the run's warnings there).
std::vector<std::string> error_lines(const std::string& s) {
  std::vector<std::string> errors;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);)
    if (l.find("error") != std::string::npos) errors.push_back(l);
  return errors;
}

}  // namespace

TEST(OutputFiles, ASymlinkInTheFolderIsReplacedNotFollowed) {
  const std::string out = tiny_run("out-link");
  const std::string victim = fresh_dir("out-link-victim") + "/notes.md";
  std::ofstream(victim) << "my notes";
  fs::remove(out + "/results.md");
  fs::create_symlink(victim, out + "/results.md");
  const auto r = run_mmbench("report " + out + " --no-charts");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(read_file(victim), "my notes");
  EXPECT_FALSE(fs::is_symlink(out + "/results.md"));
  EXPECT_NE(read_file(out + "/results.md").find("reference"), std::string::npos);
}

// A file size limit stands in for a full disk (the same failed write, EFBIG instead of ENOSPC; SIGXFSZ ignored so
// the write fails instead of killing the process).
TEST(OutputFiles, AFailedWriteKeepsTheEarlierFilesAndSaysWhy) {
  const std::string out = tiny_run("out-full");
  const std::string before = read_file(out + "/results.json");
  const auto r = run_mmbench("report " + out + " --no-charts", "trap '' XFSZ; ulimit -f 1;");
  EXPECT_NE(r.rc, 0);
  const auto errors = error_lines(r.err);
  ASSERT_EQ(errors.size(), 1u) << r.err;
  EXPECT_NE(errors[0].find("cannot write " + out + "/results.json: File too large"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(out + "/results.json"), before);
  EXPECT_NO_THROW({
    const auto whole = nlohmann::json::parse(before);
    (void)whole;
  });
  for (const auto& e : fs::directory_iterator(out))
    EXPECT_EQ(e.path().filename().string().find(".partial-"), std::string::npos) << e.path();
}
