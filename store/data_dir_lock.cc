#include "store/data_dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "emulator/core/time.h"

namespace sfn::store {
namespace {

constexpr char kLockFile[] = "sfn-emulator.lock";

std::string ReadHolder(int fd) {
  std::string text;
  char buf[512];
  ssize_t n = ::pread(fd, buf, sizeof buf, 0);
  if (n > 0) text.assign(buf, static_cast<size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text;
}

}  // namespace

Result<std::unique_ptr<DataDirLock>> DataDirLock::Acquire(const std::filesystem::path& dir) {
  std::filesystem::path path = dir / kLockFile;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status(ErrorCode::kInternalFailure,
                  "cannot open " + path.string() + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    std::string holder = ReadHolder(fd);
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Status(ErrorCode::kValidationException,
                    "the data directory " + dir.string() +
                        " is in use by another sfn-emulator (" +
                        (holder.empty() ? std::string("holder unknown") : holder) +
                        "); stop that one or start this one with another --data-dir");
    }
    return Status(ErrorCode::kInternalFailure,
                  "cannot lock " + path.string() + ": " + std::strerror(err));
  }
  char host[256] = "";
  ::gethostname(host, sizeof host - 1);
  std::string holder = "pid " + std::to_string(::getpid()) + " on " + host + ", started " +
                       FormatIso8601(std::chrono::time_point_cast<Millis>(
                           std::chrono::system_clock::now())) +
                       "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, holder.data(), holder.size(), 0) != static_cast<ssize_t>(holder.size())) {
    // The lock holds anyway; only the message of a second process suffers.
  }
  return std::unique_ptr<DataDirLock>(new DataDirLock(fd));
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace sfn::store
