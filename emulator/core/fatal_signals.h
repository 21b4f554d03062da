// What the process was working on when it crashed (issue 14, "No poisoned
// restarts").
//
// A thread marks the subject it works on (the engine: the execution it
// steps) with a FatalSignalScope. When a fatal signal (SIGSEGV, SIGBUS,
// SIGFPE, SIGILL, SIGABRT: a bug, a stack overflow) ends the process on that
// thread, the handler appends one line "<signal number> <subject>" to the
// record file and prints the subject to stderr before the default action
// ends the process as before (core dump, exit status). The next start reads
// the records (ReadFatalSignalRecords) and fails those executions instead of
// stepping them into the same crash again. A kill -9 is not a crash and
// leaves no record.
//
// Each marked thread gets an alternate signal stack, so that a stack
// overflow still runs the handler. The handler uses only async-signal-safe
// calls (open, write, close, sigaction, raise).
//
// Thread-safe: InstallFatalSignalHandlers once per process (before the
// threads that mark subjects start); scopes are per thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/status.h"

namespace sfn {

// Installs the handlers; `record_path` receives the records (empty: only
// stderr). Idempotent; the last path wins.
Status InstallFatalSignalHandlers(const std::string& record_path);

// Marks `subject` as what the calling thread works on until the scope ends.
// `subject` must outlive the scope. Scopes may nest (the inner one wins until
// it ends).
class FatalSignalScope {
 public:
  explicit FatalSignalScope(std::string_view subject);
  ~FatalSignalScope();
  FatalSignalScope(const FatalSignalScope&) = delete;
  FatalSignalScope& operator=(const FatalSignalScope&) = delete;

 private:
  const char* previous_data_;
  size_t previous_size_;
};

struct FatalSignalRecord {
  int signal = 0;
  std::string subject;
};

// The records in `path` (none when it does not exist); malformed lines are
// skipped.
std::vector<FatalSignalRecord> ReadFatalSignalRecords(const std::string& path);

// "SIGSEGV", "SIGABRT", ... ("signal N" for others).
std::string SignalName(int signal);

}  // namespace sfn
