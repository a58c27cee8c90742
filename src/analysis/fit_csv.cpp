// CSV of x,y[,sigma] for `mmbench fit --data`. A hand-written splitter: the format is three numeric columns
// with no quoting, and a CSV library would add a dependency for what is a few lines; anything else is an error.
#include "mmbench/fit_csv.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "mmbench/error.hpp"

namespace mmbench {
namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// Bounds, so that /dev/zero or a huge file is refused at once instead of filling memory (the data of one fit are a
// few hundred rows of three numbers).
constexpr size_t kMaxLine = 4096;
constexpr int kMaxRows = 1000000;

// What an error message quotes of a cell: its beginning, never a 100 MB value.
// A cell as an error message may show it: at most 40 bytes, and bytes that are not printable ASCII (a NUL that
// would cut the message, an escape sequence that would reach the terminal) written as \xNN.
std::string clip(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < 40; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    out += b >= 0x20 && b < 0x7f ? std::string(1, s[i]) : fmt::format("\\x{:02x}", b);
  }
  return s.size() <= 40 ? out : out + "...";
}

// std::getline with a bound: a line longer than kMaxLine is an error, not an allocation.
bool bounded_getline(std::istream& in, std::string& line, const std::string& name, int lineno) {
  line.clear();
  char c = 0;
  while (in.get(c)) {
    if (c == '\n') return true;
    if (line.size() >= kMaxLine)
      throw UsageError(
          fmt::format("{}:{}: line longer than {} characters (expected x,y or x,y,sigma)", name, lineno, kMaxLine));
    line.push_back(c);
  }
  return !line.empty();
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string c;
  while (std::getline(ss, c, ',')) cells.push_back(trim(c));
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

}  // namespace

FitData read_fit_csv(std::istream& in, const std::string& name) {
  std::string line;
  int lineno = 0, ix = -1, iy = -1, is = -1;
  size_t ncols = 0;
  FitData d;
  bool header = false;
  while (bounded_getline(in, line, name, lineno + 1)) {
    ++lineno;
    if (lineno > kMaxRows) throw UsageError(fmt::format("{}: more than {} lines", name, kMaxRows));
    if (lineno == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a UTF-8 BOM, as spreadsheets save
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const auto cells = split(t);
    if (!header) {
      for (size_t i = 0; i < cells.size(); ++i) {
        const std::string& c = cells[i];
        int* slot = c == "x" ? &ix : c == "y" ? &iy : c == "sigma" ? &is : nullptr;
        if (slot && *slot >= 0)
          throw UsageError(fmt::format("{}:{}: column '{}' appears twice", name, lineno, clip(c)));
        if (slot)
          *slot = static_cast<int>(i);
        else
          throw UsageError(fmt::format("{}:{}: unknown column '{}' in the header (expected x,y or x,y,sigma)", name,
                                       lineno, clip(c)));
      }
      if (ix < 0 || iy < 0)
        throw UsageError(fmt::format("{}:{}: the header must name the columns x and y (and optionally sigma), got '{}'",
                                     name, lineno, clip(t)));
      ncols = cells.size();
      header = true;
      continue;
    }
    if (cells.size() != ncols)
      throw UsageError(fmt::format("{}:{}: {} values, the header has {} columns", name, lineno, cells.size(), ncols));
    auto num = [&](int col, const char* what) {
      const std::string& c = cells[col];
      double v = 0;
      const auto [p, ec] = std::from_chars(c.data(), c.data() + c.size(), v);
      if (ec != std::errc() || p != c.data() + c.size() || c.empty())
        throw UsageError(fmt::format("{}:{}: {} '{}' is not a number", name, lineno, what, clip(c)));
      return v;
    };
    d.x.push_back(num(ix, "x"));
    d.y.push_back(num(iy, "y"));
    if (is >= 0) d.sigma.push_back(num(is, "sigma"));
  }
  if (!header) throw UsageError(fmt::format("{}: no header line (expected x,y or x,y,sigma)", name));
  if (d.x.empty()) throw UsageError(fmt::format("{}: no data rows after the header", name));
  return d;
}

FitData read_fit_csv_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw UsageError(fmt::format("cannot read '{}': no such file or not readable", path));
  return read_fit_csv(f, path);
}

}  // namespace mmbench
