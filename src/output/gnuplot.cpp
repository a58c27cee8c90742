// Running gnuplot and the pieces every chart script shares (gnuplot.hpp).
#include "gnuplot.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "mmbench/error.hpp"
#include "mmbench/output_file.hpp"

extern char** environ;

namespace mmbench::gnuplot {

const char* const kColours[8] = {"#0072B2", "#D55E00", "#009E73", "#E69F00",
                                 "#CC79A7", "#56B4E9", "#000000", "#F0E442"};
const int kPointTypes[8] = {7, 5, 9, 11, 13, 15, 4, 6};

std::string slug(const std::string& s) {
  std::string o;
  for (char c : s) o += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return o;
}

std::string one_line(const std::string& s) {
  std::string o = s;
  for (char& c : o)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return o;
}

// Single quotes: gnuplot expands backquotes (a shell command) and escapes inside double quotes, and nothing inside
// single quotes but '' for one quote. A label from a store or a file could otherwise run a command on the machine
// of whoever draws the charts (issue 28). Control characters become spaces: a newline would end the command.
std::string quoted(const std::string& s) {
  std::string o = "'";
  for (char c : one_line(s)) {
    if (c == '\'') o += '\'';
    o += c;
  }
  return o + "'";
}

// A string column of an inline data block: gnuplot's data reader knows only double quotes, and expands nothing.
std::string data_quoted(const std::string& s) {
  std::string o = "\"";
  for (char c : one_line(s)) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

bool is_geometric(const std::vector<double>& xs) {
  if (xs.size() < 3 || xs.front() <= 0 || xs.back() / xs.front() < 8) return false;
  for (size_t i = 1; i < xs.size(); ++i)
    if (xs[i] / xs[i - 1] < 1.5) return false;
  return true;
}

// The size axis: log2 with a tic at every measured size for geometric sweeps, linear otherwise; padded so the
// first and last points do not sit on the border.
std::string x_axis(const std::vector<double>& xs, bool log_scale) {
  if (xs.empty()) return "";
  if (!log_scale) {
    const double pad = 0.03 * (xs.back() - xs.front()) + 1;
    return fmt::format("set xrange [{:g}:{:g}]\n", xs.front() - pad, xs.back() + pad);
  }
  std::string tics;
  for (double x : xs) tics += fmt::format("{}{:g}", tics.empty() ? "" : ", ", x);
  return fmt::format("set logscale x 2\nset xrange [{:g}:{:g}]\nset xtics ({})\n", xs.front() / 1.15, xs.back() * 1.15,
                     tics);
}

void style_lines(std::string& s, size_t n) {
  for (size_t i = 0; i < n; ++i)
    s += fmt::format("set style line {} lc rgb '{}' lw 2 pt {} ps 1.0\n", i + 1, kColours[i % 8], kPointTypes[i % 8]);
}

std::string header(const Chart& c) {
  return fmt::format(
      "# mmbench chart ({}): {}\n# Redraw with: gnuplot {}\n"
      "set encoding utf8\nset termoption noenhanced\nset datafile missing '?'\n"
      "set terminal pngcairo size 1100,650 font 'DejaVu Sans,11'\nset output {}\n"
      "set title {} font ',13'\nset grid lc rgb '#dddddd'\nset border lc rgb '#555555'\n",
      c.kind, one_line(c.title), one_line(std::filesystem::path(c.script).filename().string()),
      quoted(std::filesystem::path(c.png).filename().string()), quoted(c.title));
}

std::string footer(const Chart& c) {
  return fmt::format(
      "set terminal svg size 1100,650 dynamic font 'DejaVu Sans,11' background '#ffffff'\n"
      "set output {}\nreplot\nunset output\n",
      quoted(std::filesystem::path(c.svg).filename().string()));
}

Drawn draw(const Chart& c, const std::string& program) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = fs::path(c.script).parent_path();
  const std::string log = (dir / (fs::path(c.script).stem().string() + ".log")).string();
  // gnuplot opens its outputs as they are: a symlink left at one of these names would be written through.
  for (const auto& p : {c.svg, c.png, log}) fs::remove(p, ec);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addchdir_np(&fa, dir.c_str());
  const std::string script_name = fs::path(c.script).filename().string();
  char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>(script_name.c_str()), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, program.c_str(), &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    fs::remove(log, ec);
    return {true, fmt::format("charts skipped: cannot run '{}' ({}); install it (Debian: gnuplot-nox)", program,
                              std::strerror(rc))};
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(c.svg) || !fs::exists(c.png)) {
    std::ifstream lf(log);
    std::string first;
    std::getline(lf, first);
    return {false, fmt::format("gnuplot said: {} (script kept: {})", first.empty() ? "nothing" : first, c.script)};
  }
  fs::remove(log, ec);
  return {};
}

std::string charts_dir(const std::string& out_dir, ChartResult& res) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(out_dir) / "charts";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!ec) return dir.string();
  res.warnings.push_back("charts skipped: cannot create " + dir.string() + ": " + ec.message());
  return "";
}

bool write_and_draw(ChartResult& res, const Chart& c, const std::string& script, const std::string& program) {
  try {
    write_output_file(c.script, [&](std::ostream& f) { f << script; });
  } catch (const Error& e) {
    res.warnings.push_back(std::string("charts skipped: ") + e.what());
    return false;
  }
  const Drawn drawn = draw(c, program);
  if (drawn.not_started) {
    res.warnings.push_back(drawn.message);
    return false;
  }
  if (drawn.message.empty())
    res.charts.push_back(c);
  else
    res.warnings.push_back(fmt::format("{} chart for {} failed: {}", c.kind, c.group, drawn.message));
  return true;
}

}  // namespace mmbench::gnuplot
