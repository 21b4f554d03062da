// The Task state (Amazon States Language, "Task state"): what to call with
// which parameters and for how long. Its runner computes the effective
// parameters (InputPath, Parameters) and TimeoutSeconds(Path) /
// HeartbeatSeconds(Path), and asks the engine to Invoke the resource; the
// engine sends the call through the task-integration registry and hands
// the integration's result back (OnTaskResult), which goes through
// ResultSelector, ResultPath and OutputPath. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/states/command.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

// InputPath, Parameters, TimeoutSeconds(Path) and HeartbeatSeconds(Path):
// the Invoke a Task state asks for.
Outcome<Invoke> PlanInvoke(const StateContext& ctx, const Json& raw_input);

}  // namespace sfn::states
