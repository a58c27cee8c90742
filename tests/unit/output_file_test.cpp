// write_output_file: a symlink at the path is replaced, never written through; a writer that fails leaves the
// earlier file whole and no partial file behind; a folder that cannot be written is an Error naming path and reason.
#include "mmbench/output_file.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "mmbench/error.hpp"

using namespace mmbench;
namespace fs = std::filesystem;

namespace {

fs::path fresh(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("mmbench-output-file-" + std::to_string(getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

size_t entries(const fs::path& d) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(d), fs::directory_iterator()));
}

}  // namespace

TEST(OutputFile, ReplacesASymlinkInsteadOfWritingThroughIt) {
  const auto d = fresh("link");
  const auto target = d / "precious.txt";
  std::ofstream(target) << "keep me";
  fs::create_symlink(target, d / "results.md");
  write_output_file((d / "results.md").string(), [](std::ostream& os) { os << "# results\n"; });
  EXPECT_EQ(slurp(target), "keep me");
  EXPECT_FALSE(fs::is_symlink(d / "results.md"));
  EXPECT_EQ(slurp(d / "results.md"), "# results\n");
  EXPECT_EQ(entries(d), 2u);  // no partial file left
}

TEST(OutputFile, AFailedWriterLeavesTheEarlierFileWhole) {
  const auto d = fresh("throw");
  const auto p = d / "report.html";
  std::ofstream(p) << "earlier report";
  EXPECT_THROW(write_output_file(p.string(),
                                 [](std::ostream& os) {
                                   os << "half a report";
                                   throw Error("disk gone");
                                 }),
               Error);
  EXPECT_EQ(slurp(p), "earlier report");
  EXPECT_EQ(entries(d), 1u);
}

TEST(OutputFile, AnUnwritableFolderNamesThePathAndTheReason) {
  const auto p = fresh("missing") / "no-such-folder" / "results.json";
  try {
    write_output_file(p.string(), [](std::ostream& os) { os << "{}"; });
    FAIL() << "wrote into a folder that does not exist";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(p.string()), std::string::npos) << m;
    EXPECT_NE(m.find("No such file or directory"), std::string::npos) << m;
  }
}
