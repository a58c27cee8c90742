// The folder lock: flock(2) on a file beside the store. flock, not fcntl locks: it belongs to the open file, so the
// workers this process forks and execs (the descriptor is close-on-exec) never hold or release it by accident.
#include "mmbench/store_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "mmbench/error.hpp"

namespace mmbench {

StoreLock StoreLock::acquire(const std::string& folder) {
  const std::string path = (std::filesystem::path(folder) / ".mmbench.lock").string();
  // O_NOFOLLOW: a lock file planted as a symlink would have had its target truncated and overwritten (issue 28).
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0 && errno == ELOOP)
    throw UsageError("cannot lock output directory '" + folder + "': " + path +
                     " is a symbolic link; remove it (mmbench never follows one there)");
  if (fd < 0) throw UsageError("cannot lock output directory '" + folder + "': " + std::strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    char buf[32] = {};
    const ssize_t got = pread(fd, buf, sizeof buf - 1, 0);
    close(fd);
    if (err != EWOULDBLOCK) throw UsageError("cannot lock output directory '" + folder + "': " + std::strerror(err));
    const std::string pid = got > 0 ? std::string(buf, static_cast<size_t>(got)) : "unknown";
    throw UsageError("output directory '" + folder + "' is being written by another mmbench (pid " +
                     pid.substr(0, pid.find('\n')) + "); wait for it to finish or choose another --out");
  }
  // The holder's pid, for the message a second writer prints.
  const std::string me = std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) != 0 || pwrite(fd, me.data(), me.size(), 0) < 0) {
    // The lock holds without the pid; a second writer then says "pid unknown".
  }
  return StoreLock(fd);
}

StoreLock::~StoreLock() {
  if (fd_ >= 0) close(fd_);  // closing the last descriptor releases the flock
}

}  // namespace mmbench
