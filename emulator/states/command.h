// What a state runner asks the engine's step loop to do (DESIGN.md, "Engine
// shape"). A runner computes; the loop turns its Decision into history
// events, frame changes, durable timers and dispatches. No I/O, no clock
// reads, no SQL here. Values; thread-safe as values are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/time.h"
#include "emulator/states/event.h"
#include "emulator/states/fork.h"

namespace sfn::states {

// Leave the state with `output` towards `next`; nullopt ends the branch or
// the execution. `assigned`: the variables its Assign computed (or null).
struct Advance {
  Json output;
  std::optional<std::string> next;
  Json assigned;
};

// The state raised `failure`: the loop applies Retry, then Catch, then fails
// the frame. A Fail state's failure is `final_state`: no retry, no catch, no
// StateExited, and AWS leaves an absent Error/Cause out of ExecutionFailed.
// `final_events` are emitted only once the state is not retried (AWS records
// MapStateFailed/ParallelStateFailed once, after the last attempt).
struct FailState {
  Failure failure;
  bool final_state = false;
  bool error_absent = false;
  bool cause_absent = false;
  std::vector<Event> final_events;
};

// A Wait: leave with `output` towards `next` at `until` (a durable timer;
// at once when `until` is not after now).
struct WaitUntil {
  TimePoint until;
  Json output;
  std::optional<std::string> next;
  Json assigned;
};

// Call the Task's resource through the task-integration registry with the
// effective parameters; the runner's OnTaskResult gets the answer.
struct Invoke {
  std::string resource;
  Json parameters;
  std::optional<int64_t> timeout_seconds;
  std::optional<int64_t> heartbeat_seconds;
};

// Run children (Parallel branches, Map iterations) as `fork` allows; the
// runner's fork hooks decide each child's input and what its end means.
struct Fork {
  ForkRecord record;
};

using Command = std::variant<Advance, FailState, WaitUntil, Invoke, Fork>;

// A runner's answer: events to append first (on the state's thread), then
// the command.
struct Decision {
  std::vector<Event> events;
  Command command;

  static Decision Of(Command c) { return Decision{{}, std::move(c)}; }
  static Decision Failed(Failure f) { return Of(FailState{std::move(f)}); }
};

}  // namespace sfn::states
