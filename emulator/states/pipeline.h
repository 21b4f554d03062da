// The per-state input/output pipeline shared by every state type
// (Amazon States Language, "Input and Output Processing"):
//   raw input -> InputPath -> [Parameters] -> (work) -> [ResultSelector]
//   -> ResultPath (merged into the raw input) -> OutputPath -> output.
// Each step's failure is a States.Runtime-style Failure that carries AWS's
// "An error occurred while executing the state ..." prefix. Pure functions.
#pragma once

#include <optional>
#include <string>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/dataflow/scope.h"
#include "emulator/states/command.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

// Prefixes `failure.cause` with the state's name and entered event id.
Failure InState(const StateContext& ctx, Failure failure);

dataflow::Scope MakeScope(const StateContext& ctx, const Json& input);

// Path fields (ItemsPath, SecondsPath, MaxConcurrencyPath, ...) are written
// as a path over the input (or $$), or as a workflow variable reference
// (`"ItemsPath": "$items"`, kept in State::variable_refs); these three read
// either form.
// Whether the state has `field` in either form.
bool HasPathField(const StateContext& ctx, const std::string& field,
                  const std::optional<dataflow::JsonPath>& path);
// The field as written ("$.items", "$items.list"), for messages.
std::string PathFieldText(const StateContext& ctx, const std::string& field,
                          const std::optional<dataflow::JsonPath>& path);
// The value it selects over `document`; nullopt when nothing matches or the
// field is absent.
std::optional<Json> ReadPathField(const StateContext& ctx, const std::string& field,
                                  const std::optional<dataflow::JsonPath>& path,
                                  const Json& document);

// Assign (JSONPath states): the variables `templ` computes with `$` =
// `value`; reads see the variables as they were before the state.
Outcome<Json> EvaluateAssign(const StateContext& ctx, const dataflow::Template& templ,
                             const Json& value);

// InputPath then Parameters (when the state has them).
Outcome<Json> PrepareInput(const StateContext& ctx, const Json& raw_input);
// The common end of a state that produced `result`: Assign (with `$` = the
// result after ResultSelector), then ResultPath and OutputPath; an Advance
// to the state's Next (or the end) carrying the assigned variables.
Decision Finish(const StateContext& ctx, const Json& raw_input, const Json& result, bool select);

// OutputPath alone (Wait, Choice, Succeed pass their input through).
Outcome<Json> ApplyOutput(const StateContext& ctx, const Json& document);

}  // namespace sfn::states
