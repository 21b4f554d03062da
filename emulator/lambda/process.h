// Child processes with pipes, for the runtimes (POSIX fork/exec; no shell).
//
// A ChildProcess owns its pid and pipe ends; Kill() ends it with SIGKILL and
// reaps it. Blocking calls with a deadline, meant for the Lambda worker
// threads only (never the I/O or the engine thread), and a cancel fd: when
// another thread makes it readable (the runtimes do at shutdown), every
// blocking call returns at once. Not thread-safe: one thread uses a
// ChildProcess at a time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "emulator/core/status.h"

namespace sfn::lambda {

using Deadline = std::chrono::steady_clock::time_point;

struct SpawnSpec {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH
  std::vector<std::string> env;   // "NAME=value"
  std::string cwd;
  bool result_pipe = false;  // give the child fd 3 for its answers
  bool merge_stderr = true;  // stderr into the stdout pipe
  int cancel_fd = -1;        // readable: blocking calls give up (not owned)
};

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // kServiceException when the process cannot be started.
  static Result<std::unique_ptr<ChildProcess>> Spawn(const SpawnSpec& spec);

  // Writes all of `data` to the child's stdin; false if the child is gone,
  // the deadline passed or the cancel fd is readable.
  bool WriteAll(std::string_view data, Deadline deadline);
  void CloseStdin();

  // kTooLarge: the answer passed its limit (the process is left running).
  enum class Outcome { kDone, kEof, kTimeout, kCancelled, kTooLarge };
  // Reads the result pipe until a full line (returned without '\n') of at
  // most `max_line` bytes, collecting the output pipes into `log` meanwhile.
  Outcome ReadLine(Deadline deadline, std::string& line, std::string& log,
                   size_t max_line = SIZE_MAX);
  // Reads stdout (into `out`, at most `max_out` bytes) and stderr (into
  // `log`) until both close.
  Outcome ReadToEnd(Deadline deadline, std::string& out, std::string& log,
                    size_t max_out = SIZE_MAX);
  // Collects whatever output is already buffered into `log`.
  void DrainOutput(std::string& log);

  // What is collected into a `log` is its last `bytes` (at most twice that
  // is held while reading): a handler printing for minutes costs no memory.
  static constexpr size_t kMaxLogBytes = 1 << 20;
  // Waits for the exit after ReadToEnd; the exit status, or -signal.
  int Wait();
  // SIGKILL and reap; returns the exit status (as Wait) if it was alive.
  int Kill();
  bool alive() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  int in_fd_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  int result_fd_ = -1;
  int cancel_fd_ = -1;
  std::string result_buf_;
};

}  // namespace sfn::lambda
