// Outputs are written to a fresh temporary file in the same folder (mkstemp: O_EXCL, so never through a link)
// and renamed into place (atomic on one file system); see output_file.hpp.
#include "mmbench/output_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include "mmbench/error.hpp"

namespace mmbench {

void write_output_file(const std::string& path, const std::function<void(std::ostream&)>& writer) {
  std::vector<char> tmp(path.begin(), path.end());
  const std::string suffix = ".partial-XXXXXX";
  tmp.insert(tmp.end(), suffix.begin(), suffix.end());
  tmp.push_back('\0');
  const int fd = mkstemp(tmp.data());
  if (fd < 0) throw Error("cannot write " + path + ": " + std::strerror(errno));
  // mkstemp makes it 0600; outputs are for sharing, as a plain create would make them (0666 less the umask).
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  close(fd);
  const std::string partial(tmp.data());
  auto fail = [&](int err) {
    std::remove(partial.c_str());
    throw Error("cannot write " + path + ": " + (err ? std::strerror(err) : "write failed"));
  };
  {
    std::ofstream f(partial, std::ios::binary | std::ios::trunc);
    if (!f) fail(errno);
    errno = 0;
    try {
      writer(f);
    } catch (...) {
      std::remove(partial.c_str());
      throw;
    }
    f.flush();
    if (!f) fail(errno);
    f.close();
    if (f.fail()) fail(errno);  // the last buffer reaches the disk at close: ENOSPC shows here
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) fail(errno);
}

}  // namespace mmbench
