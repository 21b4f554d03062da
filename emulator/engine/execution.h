// What the engine knows about one execution.
//
// ExecutionInfo is fixed at start (identity, input, the revision it runs).
// ExecutionState is the resumable position of the interpreter: a set of
// frames (threads of control), each in one typed phase. It is serialised
// into the `executions` row with every committed transition, so a restarted
// process continues exactly where the last commit left off. Rows written by
// earlier versions (format 2, and 0.1's flat position) are read too.
// Values; not shared between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/core/time.h"
#include "emulator/engine/task_integration.h"
#include "emulator/states/fork.h"

namespace sfn::engine {

enum class ExecutionStatus { kRunning, kSucceeded, kFailed, kTimedOut, kAborted };
std::string_view StatusName(ExecutionStatus s);  // "RUNNING", ...
std::optional<ExecutionStatus> ParseStatus(std::string_view name);

struct ExecutionInfo {
  std::string arn;
  std::string name;
  std::string state_machine_arn;  // unqualified
  std::string state_machine_name;
  std::string revision_id;
  std::string role_arn;
  std::string input;  // the text the client sent (or "{}")
  TimePoint start_time;
  std::optional<std::string> version_arn;
  std::optional<std::string> alias_arn;
  int redrive_count = 0;
  std::optional<std::string> trace_header;  // StartExecution's traceHeader (X-Ray)
};

// --- The phases of a frame (one typed record each) -------------------------

// About to enter `Frame::state_name` with `input` as its raw input.
struct Entering {
  Json input;
};
// Running its state inside the current step; never committed (every
// command the runner returns settles the frame in another phase).
struct Running {};
// A Wait state: leaves with `output` towards `next` at `until`.
struct Waiting {
  TimePoint until;
  Json output;
  std::optional<std::string> next;
  Json assigned;  // variables its Assign computed (or null)
};
// Back-off before running the state again at `until`.
struct Retrying {
  TimePoint until;
};
// A Parallel or Map state waiting for its children.
struct Forked {
  states::ForkRecord fork;
};
// A Task state waiting for its call: the planned task (integration, resolved
// target, request), its deadlines, and the task token when the call waits
// for one.
struct AwaitingTask {
  PlannedTask task;
  std::optional<TimePoint> deadline;   // TimeoutSeconds
  std::optional<TimePoint> heartbeat;  // HeartbeatSeconds, renewed by each heartbeat
  std::optional<std::string> token;
};

using Phase = std::variant<Entering, Running, Waiting, Retrying, Forked, AwaitingTask>;

// One thread of control: the top level (id 0), a Parallel branch or a Map
// iteration. Frames of one execution run interleaved inside the pure step;
// children report to their parent frame when they end.
struct Frame {
  int64_t id = 0;
  int64_t parent = -1;  // the frame whose Parallel/Map started this one
  int64_t index = 0;    // branch or item index in the parent's fork
  bool quiet = false;   // a distributed Map iteration: no events in this history
  std::string state_name;
  Phase phase = Entering{};
  Json input;  // the current state's raw input (once entered)
  int64_t entered_event_id = 0;
  TimePoint entered_time;
  int64_t link = 0;                 // previousEventId of this frame's next event
  std::vector<int> attempts;        // retries made per retrier of the current state
  Json variables = Json::object();  // variables assigned in this scope
  int64_t task_attempt = 0;         // increases per scheduling; stale answers are ignored

  // When the frame wants to be woken, if ever.
  std::optional<TimePoint> Wake() const;
  bool IsEntering() const { return std::holds_alternative<Entering>(phase); }

  Json ToJson() const;
  static Frame FromJson(const Json& j);  // throws Json::exception on a bad shape
};

struct ExecutionState {
  std::map<int64_t, Frame> frames;  // live frames; 0 is the top level
  int64_t next_frame_id = 1;
  int64_t last_event_id = 0;
  bool done = false;
  std::optional<TimePoint> deadline;  // the definition's TimeoutSeconds

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
