// What the engine knows about one execution.
//
// ExecutionInfo is fixed at start (identity, input, the revision it runs).
// ExecutionState is the resumable position of the interpreter; it is
// serialised into the `executions` row with every committed transition, so a
// restarted process continues exactly where the last commit left off.
// Values; not shared between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/core/time.h"

namespace sfn::engine {

enum class ExecutionStatus { kRunning, kSucceeded, kFailed, kTimedOut, kAborted };
std::string_view StatusName(ExecutionStatus s);  // "RUNNING", ...
std::optional<ExecutionStatus> ParseStatus(std::string_view name);

struct ExecutionInfo {
  std::string arn;
  std::string name;
  std::string state_machine_arn;   // unqualified
  std::string state_machine_name;
  std::string revision_id;
  std::string role_arn;
  std::string input;               // the text the client sent (or "{}")
  TimePoint start_time;
  std::optional<std::string> version_arn;
  std::optional<std::string> alias_arn;
  int redrive_count = 0;
};

struct ExecutionState {
  enum class Phase { kEnter, kWaiting, kDone };
  Phase phase = Phase::kEnter;
  std::string state_name;   // the state to enter (kEnter) or inside (kWaiting)
  Json data;                // kEnter: its raw input; kWaiting: the output to exit with
  std::optional<std::string> next;  // kWaiting: where to go after the wait
  int64_t entered_event_id = 0;
  TimePoint wait_until;
  int64_t last_event_id = 0;

  Json ToJson() const;
  static Result<ExecutionState> FromJson(const Json& j);
};

// The final status and payload of a finished execution.
struct Terminal {
  ExecutionStatus status = ExecutionStatus::kSucceeded;
  std::optional<std::string> output;
  std::optional<std::string> error;
  std::optional<std::string> cause;
};

}  // namespace sfn::engine
