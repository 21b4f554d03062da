// The exclusive lock on a data directory (issue 14): two emulators on one
// SQLite file would each run the same executions and answer inconsistently,
// so the second one refuses to start with a message naming the holder.
//
// The lock is flock(2) on <dir>/sfn-emulator.lock, which also holds the
// holder's pid, host and start time for that message. The kernel drops it
// when the process ends in any way (kill -9 included), so a stale file never
// blocks a start. Owned by the composition root for the process's life; not
// thread-safe (made once).
#pragma once

#include <filesystem>
#include <memory>

#include "emulator/core/status.h"

namespace sfn::store {

class DataDirLock {
 public:
  // Takes the lock. kValidationException naming the holder when another
  // process has it; kInternalFailure when the file cannot be opened.
  static Result<std::unique_ptr<DataDirLock>> Acquire(const std::filesystem::path& dir);
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace sfn::store
