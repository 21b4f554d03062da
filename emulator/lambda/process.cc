#include "emulator/lambda/process.h"

#include "emulator/lambda/process_reaper.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>

namespace sfn::lambda {
namespace {

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

int MillisLeft(Deadline deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                  deadline - std::chrono::steady_clock::now()).count();
  if (left <= 0) return 0;
  return left > 1000000 ? 1000000 : static_cast<int>(left);
}

// Keeps the last kMaxLogBytes of `log`, trimming only once twice that has
// accumulated (amortised: each byte is moved at most once).
void TrimLog(std::string& log) {
  if (log.size() > 2 * ChildProcess::kMaxLogBytes) {
    log.erase(0, log.size() - ChildProcess::kMaxLogBytes);
  }
}

// Reads what is available from `fd` into `out`; false at EOF or error. Stops
// early (true) once `out` holds more than `max` bytes; a log (`trim`) keeps
// its tail instead.
bool ReadSome(int fd, std::string& out, bool trim = false, size_t max = SIZE_MAX) {
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<size_t>(n));
      if (trim) TrimLog(out);
      if (out.size() > max) return true;
      if (static_cast<size_t>(n) < sizeof buf) return true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;
  }
}

// Closes every descriptor from `first` on, in a forked child (async-signal-
// safe calls only): close_range(2) where the kernel has it (Linux 5.9+),
// else one close(2) per possible descriptor below `open_max`.
void CloseFrom(int first, long open_max) {
  if (::close_range(static_cast<unsigned>(first), ~0U, 0) == 0) return;
  if (open_max <= 0 || open_max > (1L << 20)) open_max = 1L << 16;
  for (long fd = first; fd < open_max; ++fd) ::close(static_cast<int>(fd));
}

}  // namespace

ChildProcess::~ChildProcess() { Kill(); }

Result<std::unique_ptr<ChildProcess>> ChildProcess::Spawn(const SpawnSpec& spec) {
  static std::once_flag sigpipe_once;
  // A child that dies while we write its stdin must not kill the server.
  std::call_once(sigpipe_once, [] { ::signal(SIGPIPE, SIG_IGN); });

  int in[2], out[2], err[2] = {-1, -1}, res[2] = {-1, -1};
  if (::pipe2(in, O_CLOEXEC) != 0) {
    return Status(ErrorCode::kServiceException, std::string("pipe: ") + std::strerror(errno));
  }
  if (::pipe2(out, O_CLOEXEC) != 0 || (!spec.merge_stderr && ::pipe2(err, O_CLOEXEC) != 0) ||
      (spec.result_pipe && ::pipe2(res, O_CLOEXEC) != 0)) {
    return Status(ErrorCode::kServiceException, std::string("pipe: ") + std::strerror(errno));
  }
  // Everything the child needs is prepared before fork (only async-signal-
  // safe calls after it).
  std::vector<char*> argv, envp;
  for (const std::string& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const std::string& e : spec.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  // For CloseFrom's fallback; sysconf is not async-signal-safe.
  long open_max = ::sysconf(_SC_OPEN_MAX);

  pid_t pid = ::fork();
  if (pid < 0) {
    return Status(ErrorCode::kServiceException, std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // Move the result pipe out of the way of 0-2 before the dup2s.
    int res_w = res[1];
    if (res_w >= 0 && res_w <= 2) res_w = ::fcntl(res_w, F_DUPFD_CLOEXEC, 10);
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(spec.merge_stderr ? out[1] : err[1], 2);
    if (res_w >= 0) ::dup2(res_w, 3);
    // Nothing else of the server's reaches the handler: its listening and
    // client sockets, the store's files, other children's pipes (Boost.Asio
    // and SQLite open them without O_CLOEXEC). A handler process left
    // running would otherwise hold the server's port after it stops.
    CloseFrom(res_w >= 0 ? 4 : 3, open_max);
    ::setpgid(0, 0);
    if (!spec.cwd.empty() && ::chdir(spec.cwd.c_str()) != 0) ::_exit(126);
    ::execvpe(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  // The watcher ends the group if the emulator dies first (process_reaper.h).
  TrackProcessGroup(pid);
  auto child = std::make_unique<ChildProcess>();
  child->pid_ = pid;
  ::close(in[0]);
  ::close(out[1]);
  if (err[1] >= 0) ::close(err[1]);
  if (res[1] >= 0) ::close(res[1]);
  child->in_fd_ = in[1];
  child->out_fd_ = out[0];
  child->err_fd_ = err[0];
  child->result_fd_ = res[0];
  child->cancel_fd_ = spec.cancel_fd;
  for (int fd : {child->out_fd_, child->err_fd_, child->result_fd_, child->in_fd_}) {
    if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  return child;
}

bool ChildProcess::WriteAll(std::string_view data, Deadline deadline) {
  while (!data.empty()) {
    if (in_fd_ < 0) return false;
    ssize_t n = ::write(in_fd_, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      // Keep draining output while the child catches up, so neither side
      // blocks on a full pipe.
      pollfd fds[3] = {{in_fd_, POLLOUT, 0}, {cancel_fd_, POLLIN, 0}, {out_fd_, POLLIN, 0}};
      int left = MillisLeft(deadline);
      if (left == 0) return false;
      // poll() skips negative fds (no cancel fd, a closed stdout).
      ::poll(fds, 3, left);
      if (fds[1].revents) return false;
      continue;
    }
    return false;
  }
  return true;
}

void ChildProcess::CloseStdin() { CloseFd(in_fd_); }

ChildProcess::Outcome ChildProcess::ReadLine(Deadline deadline, std::string& line,
                                             std::string& log, size_t max_line) {
  while (true) {
    size_t nl = result_buf_.find('\n');
    if (nl != std::string::npos && nl <= max_line) {
      line = result_buf_.substr(0, nl);
      result_buf_.erase(0, nl + 1);
      return Outcome::kDone;
    }
    if (nl != std::string::npos || result_buf_.size() > max_line) {
      result_buf_.clear();
      return Outcome::kTooLarge;
    }
    if (result_fd_ < 0) return Outcome::kEof;
    pollfd fds[4];
    int n = 0;
    fds[n++] = {result_fd_, POLLIN, 0};
    fds[n++] = {cancel_fd_, POLLIN, 0};  // ignored by poll() when -1
    if (out_fd_ >= 0) fds[n++] = {out_fd_, POLLIN, 0};
    if (err_fd_ >= 0) fds[n++] = {err_fd_, POLLIN, 0};
    int left = MillisLeft(deadline);
    if (left == 0) return Outcome::kTimeout;
    int r = ::poll(fds, static_cast<nfds_t>(n), left);
    if (r < 0 && errno != EINTR) return Outcome::kEof;
    if (r <= 0) continue;
    if (fds[1].revents) return Outcome::kCancelled;
    for (int i = 2; i < n; ++i) {
      if (fds[i].revents) {
        int& fd = fds[i].fd == out_fd_ ? out_fd_ : err_fd_;
        if (!ReadSome(fd, log, /*trim=*/true)) CloseFd(fd);
      }
    }
    if (fds[0].revents) {
      if (!ReadSome(result_fd_, result_buf_, false, max_line)) CloseFd(result_fd_);
    }
  }
}

ChildProcess::Outcome ChildProcess::ReadToEnd(Deadline deadline, std::string& out,
                                              std::string& log, size_t max_out) {
  while (out_fd_ >= 0 || err_fd_ >= 0) {
    pollfd fds[3];
    int n = 0;
    fds[n++] = {cancel_fd_, POLLIN, 0};  // ignored by poll() when -1
    if (out_fd_ >= 0) fds[n++] = {out_fd_, POLLIN, 0};
    if (err_fd_ >= 0) fds[n++] = {err_fd_, POLLIN, 0};
    int left = MillisLeft(deadline);
    if (left == 0) return Outcome::kTimeout;
    int r = ::poll(fds, static_cast<nfds_t>(n), left);
    if (r < 0 && errno != EINTR) break;
    if (r <= 0) continue;
    if (fds[0].revents) return Outcome::kCancelled;
    for (int i = 1; i < n; ++i) {
      if (!fds[i].revents) continue;
      bool is_out = fds[i].fd == out_fd_;
      int& fd = is_out ? out_fd_ : err_fd_;
      if (!ReadSome(fd, is_out ? out : log, !is_out, is_out ? max_out : SIZE_MAX)) CloseFd(fd);
      if (out.size() > max_out) return Outcome::kTooLarge;
    }
  }
  return Outcome::kEof;
}

void ChildProcess::DrainOutput(std::string& log) {
  for (int* fd : {&out_fd_, &err_fd_}) {
    if (*fd >= 0 && !ReadSome(*fd, log, /*trim=*/true)) CloseFd(*fd);
  }
}

int ChildProcess::Wait() {
  if (pid_ <= 0) return -1;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  // What the handler left running in its group (a background child) ends
  // with it.
  ::kill(-pid_, SIGKILL);
  UntrackProcessGroup(pid_);
  pid_ = -1;
  CloseFd(in_fd_);
  CloseFd(out_fd_);
  CloseFd(err_fd_);
  CloseFd(result_fd_);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1;
}

int ChildProcess::Kill() {
  int status = -1;
  if (pid_ > 0) {
    ::kill(-pid_, SIGKILL);  // its process group: a handler's own children too
    ::kill(pid_, SIGKILL);
    status = Wait();
  }
  CloseFd(in_fd_);
  CloseFd(out_fd_);
  CloseFd(err_fd_);
  CloseFd(result_fd_);
  return status;
}

}  // namespace sfn::lambda
