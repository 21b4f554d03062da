#include "emulator/core/fatal_signals.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <vector>

namespace sfn {
namespace {

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
// Room for the record file's path; set before any handler can run.
char g_record_path[4096];
// The alternate stack of each marked thread (enough for the handler; a
// stack overflow leaves the thread's own stack unusable).
constexpr size_t kAltStackBytes = 64 * 1024;

// The subject of the calling thread. Thread-locals of the executable use the
// static TLS model: reading them in a signal handler is safe.
thread_local const char* t_subject = nullptr;
thread_local size_t t_subject_size = 0;
thread_local bool t_alt_stack = false;

void EnsureAltStack() {
  if (t_alt_stack) return;
  t_alt_stack = true;
  // Never freed: it must outlive the thread's last signal, and threads that
  // mark subjects live as long as the process (the engine thread). Kept in a
  // list that is never destroyed, so that the memory stays reachable (only
  // the kernel holds it otherwise, and LeakSanitizer reports it).
  static std::mutex mutex;
  static auto* stacks = new std::vector<std::unique_ptr<char[]>>();
  auto memory = std::make_unique<char[]>(kAltStackBytes);
  stack_t ss{};
  ss.ss_sp = memory.get();
  ss.ss_size = kAltStackBytes;
  ss.ss_flags = 0;
  {
    std::lock_guard<std::mutex> lock(mutex);
    stacks->push_back(std::move(memory));
  }
  sigaltstack(&ss, nullptr);
}

size_t FormatInt(int value, char* out) {
  char digits[16];
  size_t n = 0;
  unsigned v = value < 0 ? static_cast<unsigned>(-value) : static_cast<unsigned>(value);
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0 && n < sizeof digits);
  size_t len = 0;
  if (value < 0) out[len++] = '-';
  while (n > 0) out[len++] = digits[--n];
  return len;
}

void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void OnFatalSignal(int sig) {
  const char* subject = t_subject;
  size_t size = t_subject_size;
  if (subject != nullptr && size > 0) {
    char number[16];
    size_t len = FormatInt(sig, number);
    if (g_record_path[0] != '\0') {
      int fd = ::open(g_record_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (fd >= 0) {
        // One write per record, so that records of concurrent crashes do
        // not interleave (O_APPEND writes are atomic up to a page).
        char line[1024];
        size_t at = 0;
        std::memcpy(line, number, len);
        at += len;
        line[at++] = ' ';
        size_t take = size < sizeof line - at - 1 ? size : sizeof line - at - 1;
        std::memcpy(line + at, subject, take);
        at += take;
        line[at++] = '\n';
        WriteAll(fd, line, at);
        ::close(fd);
      }
    }
    static const char kPrefix[] = "sfn-emulator: fatal signal ";
    static const char kWhile[] = " while running ";
    WriteAll(2, kPrefix, sizeof kPrefix - 1);
    WriteAll(2, number, len);
    WriteAll(2, kWhile, sizeof kWhile - 1);
    WriteAll(2, subject, size);
    WriteAll(2, "\n", 1);
  }
  // The default action: the process ends as it would have without us.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, nullptr);
  raise(sig);
}

}  // namespace

Status InstallFatalSignalHandlers(const std::string& record_path) {
  if (record_path.size() >= sizeof g_record_path) {
    return Status(ErrorCode::kInternalFailure, "the crash record path is too long: " + record_path);
  }
  std::memcpy(g_record_path, record_path.c_str(), record_path.size() + 1);
  struct sigaction sa {};
  sa.sa_handler = OnFatalSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
  for (int sig : kSignals) {
    if (sigaction(sig, &sa, nullptr) != 0) {
      return Status(ErrorCode::kInternalFailure, "cannot install the handler of " +
                                                     SignalName(sig) + ": " + std::strerror(errno));
    }
  }
  return Status::Ok();
}

FatalSignalScope::FatalSignalScope(std::string_view subject)
    : previous_data_(t_subject), previous_size_(t_subject_size) {
  EnsureAltStack();
  t_subject = subject.data();
  t_subject_size = subject.size();
}

FatalSignalScope::~FatalSignalScope() {
  t_subject = previous_data_;
  t_subject_size = previous_size_;
}

std::vector<FatalSignalRecord> ReadFatalSignalRecords(const std::string& path) {
  std::vector<FatalSignalRecord> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    size_t space = line.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 >= line.size()) continue;
    FatalSignalRecord r;
    try {
      r.signal = std::stoi(line.substr(0, space));
    } catch (const std::exception&) {
      continue;
    }
    r.subject = line.substr(space + 1);
    out.push_back(std::move(r));
  }
  return out;
}

std::string SignalName(int signal) {
  switch (signal) {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGBUS:
      return "SIGBUS";
    case SIGFPE:
      return "SIGFPE";
    case SIGILL:
      return "SIGILL";
    case SIGABRT:
      return "SIGABRT";
    default:
      return "signal " + std::to_string(signal);
  }
}

}  // namespace sfn
