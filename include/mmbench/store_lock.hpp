// One writer per output folder. A run (or --resume) holds an exclusive lock on <folder>/.mmbench.lock for as long
// as it writes; a second writer is refused with the folder and the process that holds it, instead of two runs
// corrupting, mixing or moving aside each other's store. The kernel drops the lock when the holder dies (kill -9).
#pragma once
#include <string>

namespace mmbench {

class StoreLock {
 public:
  // Takes the folder's lock or throws UsageError naming the folder and the holder's pid.
  static StoreLock acquire(const std::string& folder);
  StoreLock(StoreLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  StoreLock& operator=(StoreLock&&) = delete;
  ~StoreLock();

 private:
  explicit StoreLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace mmbench
