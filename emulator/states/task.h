// The Task state's set-up (Amazon States Language, "Task state"; Step
// Functions "Invoke Lambda" integration): what to call with which payload and
// how long to wait. The engine schedules the call durably and interprets its
// result; this module only computes. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

struct TaskPlan {
  enum class Kind {
    kLambdaInvoke,  // arn:aws:states:::lambda:invoke (TaskScheduled/... events)
    kLambdaArn,     // a function ARN as Resource (LambdaFunctionScheduled/... events)
  };
  Kind kind = Kind::kLambdaInvoke;
  std::string resource;      // as written in the definition
  std::string function_ref;  // name or ARN, maybe qualified
  Json parameters;           // the effective input after InputPath/Parameters
  std::string payload;       // JSON text the function receives
  std::optional<int64_t> timeout_seconds;
  std::optional<int64_t> heartbeat_seconds;
};

// InputPath, Parameters, the resource kind, TimeoutSeconds(Path) and
// HeartbeatSeconds(Path). Resources other than Lambda fail with
// States.Runtime naming what is not emulated.
Outcome<TaskPlan> PlanTask(const StateContext& ctx, const Json& raw_input);

}  // namespace sfn::states
