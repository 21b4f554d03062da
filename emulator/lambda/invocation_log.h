// The recent invocations of the Lambda service (the console's "recent
// invocations with their logs", GET /_emulator/lambda/invocations): a
// bounded ring of what ran, newest last; older entries are dropped.
//
// Threading: thread-safe (a mutex). Invocations end on worker threads and
// are added from there; readers may be on any thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/time.h"
#include "emulator/engine/lambda_port.h"

namespace sfn::lambda {

struct InvocationEntry {
  int64_t sequence = 0;  // assigned by Add: 1, 2, ...
  std::string function_name;
  std::string version;      // the version that ran ("$LATEST", "1", ...)
  std::string invoked_arn;  // what the caller named (qualified or not)
  std::string request_id;
  std::string source;      // "Invoke" (the API) or "Task" (a state machine)
  TimePoint start;         // on the emulator's clock, like history timestamps
  double duration_ms = 0;  // wall time
  // "Succeeded", "Unhandled" / "Handled" (a function error), or "Error"
  // (the invocation could not run; `error_type` names the exception).
  std::string status;
  std::string error_type;
  std::string error_message;
  std::string log;  // the log's tail as LogType Tail gives it, decoded (<= 4 KB)
};

class InvocationLog {
 public:
  static constexpr size_t kDefaultCapacity = 200;

  explicit InvocationLog(size_t capacity = kDefaultCapacity);

  void Add(InvocationEntry entry);
  // Newest first, at most `limit`; only `function_name`'s when given.
  std::vector<InvocationEntry> Recent(const std::optional<std::string>& function_name,
                                      size_t limit) const;

 private:
  mutable std::mutex mu_;
  size_t capacity_;
  std::deque<InvocationEntry> ring_;
  int64_t next_sequence_ = 1;
};

// Wraps an invocation's `done` so that its end is added to `log`: `entry`
// carries what is known before the call (function, version, ARN, request id,
// source, start); the wrapper adds the duration (from now), the status, the
// error and the log tail (the result's LogResult, or START/END/REPORT lines
// when it has none). The LogResult reaches `done` only when
// `keep_log_result` (the caller asked for LogType Tail).
std::function<void(engine::InvocationResult)> RecordInvocation(
    InvocationLog& log, InvocationEntry entry, bool keep_log_result,
    std::function<void(engine::InvocationResult)> done);

}  // namespace sfn::lambda
