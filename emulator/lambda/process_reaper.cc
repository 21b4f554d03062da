#include "emulator/lambda/process_reaper.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

namespace sfn::lambda {
namespace {

// The write end of the pipe to the watcher; -1 until it started.
std::atomic<int> g_pipe{-1};

// The watcher's table of live groups, allocated before the fork (the child
// of a multithreaded process may only make async-signal-safe calls).
constexpr size_t kMaxGroups = 1 << 16;
pid_t g_groups[kMaxGroups];

// Records are "+<pgid>\n" and "-<pgid>\n" (one write each, atomic in a pipe).
void Send(char op, pid_t pgid) {
  int fd = g_pipe.load();
  if (fd < 0 || pgid <= 0) return;
  char line[32];
  int n = 0;
  line[n++] = op;
  char digits[16];
  int d = 0;
  for (unsigned v = static_cast<unsigned>(pgid); v != 0; v /= 10) {
    digits[d++] = static_cast<char>('0' + v % 10);
  }
  while (d > 0) line[n++] = digits[--d];
  line[n++] = '\n';
  ssize_t ignored = ::write(fd, line, static_cast<size_t>(n));
  (void)ignored;
}

[[noreturn]] void Watch(int fd) {
  size_t count = 0;
  char buf[4096];
  pid_t value = 0;
  char op = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the emulator is gone
    for (ssize_t i = 0; i < n; ++i) {
      char c = buf[i];
      if (c == '+' || c == '-') {
        op = c;
        value = 0;
      } else if (c >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
      } else if (c == '\n') {
        if (op == '+' && count < kMaxGroups) {
          g_groups[count++] = value;
        } else if (op == '-') {
          for (size_t j = 0; j < count; ++j) {
            if (g_groups[j] == value) {
              g_groups[j] = g_groups[--count];
              break;
            }
          }
        }
        op = 0;
      }
    }
  }
  for (size_t j = 0; j < count; ++j) ::kill(-g_groups[j], SIGKILL);
  ::_exit(0);
}

}  // namespace

Status StartProcessReaper() {
  if (g_pipe.load() >= 0) return Status::Ok();
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return Status(ErrorCode::kInternalFailure, std::string("pipe: ") + std::strerror(errno));
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Status(ErrorCode::kInternalFailure, std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) ::signal(sig, SIG_IGN);
    // Keep only the pipe's read end (as fd 3): no listening socket, no
    // database, no lock file stays open here.
    int in = ::fcntl(fds[0], F_DUPFD, 100);
    if (in < 0) ::_exit(1);
    ::dup2(in, 3);
    for (int fd = 0; fd < 1024; ++fd) {
      if (fd != 3) ::close(fd);
    }
    int devnull = ::open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      ::dup2(devnull, 0);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
      if (devnull > 2) ::close(devnull);
    }
    Watch(3);
  }
  ::close(fds[0]);
  g_pipe.store(fds[1]);
  return Status::Ok();
}

void TrackProcessGroup(pid_t pgid) { Send('+', pgid); }

void UntrackProcessGroup(pid_t pgid) { Send('-', pgid); }

}  // namespace sfn::lambda
