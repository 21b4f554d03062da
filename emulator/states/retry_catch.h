// Retry and Catch policies of Task, Parallel and Map states (Amazon States
// Language, "Error handling": "Retrying after an error", "Fallback states").
//
// Pure functions over a state's Retry/Catch lists and the failure it raised;
// the engine keeps the attempt counters and makes back-off a durable timer.
// Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "emulator/asl/definition.h"
#include "emulator/core/failure.h"
#include "emulator/core/random.h"
#include "emulator/states/command.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

// Whether an ErrorEquals list matches `error`. `States.ALL` matches every
// error except States.Runtime (AWS's recordings show it catching a Task's
// States.DataLimitExceeded, although the guide calls that error terminal);
// `States.TaskFailed` matches every error except States.Timeout (and
// States.HeartbeatTimeout, which States.Timeout matches too). States.Runtime
// is never retried nor caught ("A States.Runtime error isn't retriable, and
// will always cause the execution to fail").
bool ErrorMatches(const std::vector<std::string>& error_equals, const std::string& error);

struct RetryDecision {
  size_t retrier = 0;                  // index into State::retry
  std::chrono::milliseconds delay{0};  // before the next attempt
};

// The first retrier whose ErrorEquals matches decides: when its attempts
// (`attempts[retrier]`, retries already made) are below MaxAttempts, retry
// after IntervalSeconds * BackoffRate^attempts, capped by MaxDelaySeconds,
// drawn uniformly from [0, delay] with JitterStrategy FULL. Otherwise (or
// when none matches) nullopt: fall through to Catch.
std::optional<RetryDecision> DecideRetry(const asl::State& state, const Failure& failure,
                                         const std::vector<int>& attempts, Random* random);

// The first catcher whose ErrorEquals matches, or null.
const asl::Catcher* FindCatcher(const asl::State& state, const Failure& failure);

// The error output a catcher passes on: {"Error": ..., "Cause": ...}.
Json ErrorOutput(const Failure& failure);

// What `catcher` makes of `failure` raised by the state `ctx` runs on
// `raw_input`: its Assign (JSONPath: `$` = the error output; JSONata:
// $states.errorOutput, $states.input = the raw input), then the output
// (JSONPath: ResultPath merges the error output into the raw input; JSONata:
// Output, by default the error output); an Advance to the catcher's Next
// carrying the assigned variables. A FailState here ends the state without
// further Retry or Catch.
Decision ApplyCatcher(const StateContext& ctx, const asl::Catcher& catcher, const Json& raw_input,
                      const Failure& failure);

}  // namespace sfn::states
