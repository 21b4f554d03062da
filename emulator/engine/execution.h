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
#include <string_view>
#include <variant>
#include <vector>

#include "emulator/core/arn.h"
#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/core/time.h"
#include "emulator/engine/task_integration.h"
#include "emulator/engine/task_mocks.h"
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
  // The Task of another execution that started this one (a nested
  // execution: states:startExecution), if any.
  std::optional<TaskRef> parent;
  bool stop_with_parent = false;  // the parent's Task waits for its end (.sync)

  // An Express execution (its ARN is `...:express:...`): at most five
  // minutes long, no history kept, no RedriveCount in its context object.
  // The ARN is one the emulator made (MakeExecutionArn /
  // MakeExpressExecutionArn), so its resource type field decides; parsing
  // the whole ARN here was 2% of a start (issue 16 part 1).
  bool express() const {
    // arn:<partition>:states:<region>:<account>:<type>:...
    size_t at = 0;
    for (int colons = 0; colons < 5; ++colons) {
      at = arn.find(':', at);
      if (at == std::string::npos) return false;
      ++at;
    }
    return std::string_view(arn).substr(at).starts_with("express:");
  }
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
// A Parallel or Map state waiting for its children, or for a call of its own
// (`call`, planned and in flight: a Map's ItemReader or ResultWriter).
struct Forked {
  states::ForkRecord fork;
  std::optional<PlannedTask> call;
};
// A Task state waiting for its call: the planned task (integration, resolved
// target, request, pattern), its deadlines, and the task token when the call
// waits for one (.waitForTaskToken, an activity).
struct AwaitingTask {
  PlannedTask task;
  std::optional<TimePoint> deadline;   // TimeoutSeconds
  std::optional<TimePoint> heartbeat;  // HeartbeatSeconds, renewed by each heartbeat
  std::optional<std::string> token;
  std::optional<int64_t> heartbeat_seconds;  // what renews `heartbeat`
  // The call is out of the engine's hands: its submission is recorded
  // (TaskSubmitted), or an activity worker took it (ActivityStarted). Only
  // the token's answer, or for .sync the job's end (Await), ends it now; a
  // restart does not dispatch it again.
  bool submitted = false;
  // A token's success or failure that came before the submission (a worker
  // faster than the dispatch's answer): applied right after the submission.
  std::optional<TokenAnswer> early;
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
  int64_t entered_link = 0;  // previousEventId of the current state's StateEntered
  TimePoint entered_time;
  int64_t link = 0;                 // previousEventId of this frame's next event
  std::vector<int> attempts;        // retries made per retrier of the current state
  Json variables = Json::object();  // variables assigned in this scope
  int64_t task_attempt = 0;         // increases per scheduling; stale answers are ignored
  // Redrive (AWS "Redriving executions"): the fork of this frame's Parallel
  // or Map state as it was when the fork failed or was stopped, with the
  // results of the children that succeeded. Kept until the state exits or
  // runs again; a redrive re-enters the state with it and runs only the
  // children that did not succeed.
  std::optional<states::ForkRecord> redrive_fork;

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
  // The mock test case the execution runs (started on
  // `<stateMachineArn>#<TestCase>`), with its invocation counters.
  std::optional<MockCase> mock;

  // Redrive (AWS "Redriving executions": a redrive re-runs the states that
  // did not succeed). `failed` holds, while the execution runs, the
  // Parallel branches and Map iterations that failed or were stopped, each
  // about to re-enter its state (phase Entering), until their fork ends.
  // `redrive` holds the frames a redrive re-enters: once the execution
  // failed, timed out or was stopped, each not-succeeded frame from the top
  // down (a Parallel or Map one with its `redrive_fork`); during a redrive,
  // those children a re-entered fork has not resumed yet. Empty when the
  // execution cannot be redriven.
  std::map<int64_t, Frame> failed;
  std::map<int64_t, Frame> redrive;

  Json ToJson() const;
  // ToJson without the live `frames` (a store that keeps each frame in a row
  // of its own, Frame::ToJson); FromJson reads such a document as a state
  // without frames, to which the caller adds them.
  Json ToJsonWithoutFrames() const;
  static Result<ExecutionState> FromJson(const Json& j);
};

// The final status and payload of a finished execution.
struct Terminal {
  ExecutionStatus status = ExecutionStatus::kSucceeded;
  std::optional<std::string> output;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  // Why a FAILED, TIMED_OUT or ABORTED execution cannot be redriven
  // (DescribeExecution's redriveStatusReason), when it cannot.
  std::optional<std::string> not_redrivable;
};

}  // namespace sfn::engine
