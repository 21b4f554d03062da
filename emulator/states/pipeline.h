// The per-state input/output pipeline shared by every state type
// (Amazon States Language, "Input and Output Processing"):
//   raw input -> InputPath -> [Parameters] -> (work) -> [ResultSelector]
//   -> ResultPath (merged into the raw input) -> OutputPath -> output.
// Each step's failure is a States.Runtime-style Failure that carries AWS's
// "An error occurred while executing the state ..." prefix. Pure functions.
#pragma once

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/dataflow/scope.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

// Prefixes `failure.cause` with the state's name and entered event id.
Failure InState(const StateContext& ctx, Failure failure);

dataflow::Scope MakeScope(const StateContext& ctx, const Json& input);

// InputPath then Parameters (when the state has them).
Outcome<Json> PrepareInput(const StateContext& ctx, const Json& raw_input);
// ResultSelector (when `select` and the state has one), ResultPath, OutputPath.
Outcome<Json> FinishOutput(const StateContext& ctx, const Json& raw_input, const Json& result,
                           bool select);
// OutputPath alone (Wait, Choice, Succeed pass their input through).
Outcome<Json> ApplyOutput(const StateContext& ctx, const Json& document);

}  // namespace sfn::states
