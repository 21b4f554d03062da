// Runs function code without Docker (issue 4, part 2):
//   python3.*  -> the local python3 with the warm bootstrap (bootstrap_scripts.h)
//   nodejs*    -> the local node with the warm bootstrap
//   provided.* -> the executable `bootstrap` in the code, one process per call:
//                 the event on its stdin, the response on its stdout (the
//                 whole of it), stderr is the log; exit status != 0 is an
//                 unhandled error (Runtime.ExitError).
//
// Warm runtimes (python, node) are a bounded pool of processes per key
// (version, revision, code) with a queue (issue 16, part 3). Invoke() only
// queues the invocation and returns: it never blocks its caller (the engine
// thread). Each warm process has one thread of its own that hands it the
// key's next invocation as soon as it answered the last one (one at a time
// per process: the bootstraps' protocol is a line in, a line out), so a
// repeated invocation costs a pipe round trip and no thread of the
// WorkerPool or of Asio ever waits on a handler. Processes are pipelined:
// another one is spawned for a key only when its queue is deeper than its
// processes will drain before a new one could start (moving averages of the
// run time and of a process's start), when it has none, or when the oldest
// queued invocation has waited longer than a start (a handler running far
// past its average). Idle processes stay warm, at most
// `max_idle_per_version` per key. `provided` calls run as jobs of the
// WorkerPool, which they block while their process runs.
//
// Bounds: at most `max_processes` handler processes exist at once, busy or
// warm (an idle one of another key is ended to make room for a key that has
// none; otherwise an invocation waits in its queue), and at most
// `max_running` invocations run at once (default: the WorkerPool's size, so
// --workers keeps bounding how many handlers run). A handler running past
// its Timeout is killed (replaced by a new process when more invocations
// wait) and answers AWS's "Task timed out after N.NN seconds" payload
// (errorType Sandbox.Timedout); a crashed one answers Runtime.ExitError and
// is replaced the same way.
//
// Limits (Lambda quotas, issue 14): a response larger than 6 MB answers
// AWS's Function.ResponseSizeTooLarge (the handler's process is ended when it
// was still writing); a handler's log is kept as its last MiB while it
// streams.
//
// Shutdown() kills the running handlers (their process groups) and the idle
// warm processes and joins their threads; invocations running or queued
// then answer a ServiceException at once. The pool must be shut down
// (joined) after the Runtimes (provided calls run in it) and before the
// Runtimes is destroyed.
// Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "emulator/core/worker_pool.h"
#include "emulator/engine/lambda_port.h"
#include "emulator/lambda/model.h"

namespace sfn::lambda {

struct InvocationRequest {
  FunctionVersion fn;       // the exact version to run
  std::string invoked_arn;  // the ARN the caller used (context.invoked_function_arn)
  std::string request_id;
  std::string payload;  // compact JSON text
  std::string region;
  bool tail_log = false;  // LogType: Tail
};

struct RuntimeOptions {
  std::string python = "python3";
  std::string node = "node";
  std::string bootstrap_dir;  // where the bootstrap scripts are written
  size_t max_idle_per_version = 4;
  size_t max_processes = 64;  // handler processes alive at once, busy or warm
  size_t max_running = 0;     // invocations running at once; 0: the WorkerPool's size
};

// Lambda's synchronous response limit: AWS's figure is 6,291,556 bytes (its
// message says so), not 6 MiB.
inline constexpr size_t kMaxResponseBytes = 6291556;

// AWS's answer to a larger response (FunctionError: Unhandled).
std::string ResponseTooLargePayload();

class Runtimes {
 public:
  // Borrows `pool` (provided calls, the warm queues' timers), which must
  // outlive the invocations (see above).
  Runtimes(RuntimeOptions options, WorkerPool& pool);
  ~Runtimes();  // Shutdown()
  Runtimes(const Runtimes&) = delete;
  Runtimes& operator=(const Runtimes&) = delete;

  // Whether `runtime` is one this emulator can run.
  static bool Supported(const std::string& runtime);

  void Invoke(InvocationRequest request, std::function<void(engine::InvocationResult)> done);
  // Ends the idle warm processes of a deleted function.
  void Evict(const std::string& function_name);
  // Ends every handler process, running or idle; later invocations answer a
  // ServiceException without running. Idempotent.
  void Shutdown();
  // Idle warm processes (for tests and the log).
  size_t IdleCount();
  // Handler processes alive, busy or warm (for tests).
  size_t ProcessCount();
  // Warm processes spawned so far (for tests and benchmarks).
  size_t SpawnCount() const;

  struct State;  // shared with the pool's jobs

 private:
  std::shared_ptr<State> state_;
  WorkerPool& pool_;
};

// Finds the real interpreter behind `python3` (sys.executable; skips a
// pyenv shim), once per name (cached; thread-safe). Blocking the first
// time. Falls back to `python`.
std::string ResolvePython(const std::string& python);

// The log AWS returns for LogType Tail: START/END/REPORT lines around the
// function's output, the last 4 KB, base64 encoded.
std::string TailLog(const std::string& request_id, const std::string& version,
                    const std::string& output, double duration_ms, int memory_mb);

// AWS's timeout payload: {"errorType":"Sandbox.Timedout","errorMessage":
// "RequestId: <id> Error: Task timed out after 3.00 seconds"}.
std::string TimeoutPayload(const std::string& request_id, int timeout_s);

}  // namespace sfn::lambda
