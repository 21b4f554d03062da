// The per-state input/output pipeline shared by every state type
// (Amazon States Language, "Input and Output Processing"; "Transforming data
// with JSONata in Step Functions"):
//   JSONPath: raw input -> InputPath -> [Parameters] -> (work) ->
//             [ResultSelector] -> ResultPath (merged into the raw input) ->
//             OutputPath -> output.
//   JSONata:  raw input ($states.input) -> [Arguments] -> (work, its result
//             is $states.result) -> [Output] -> output.
// Assign sees the variables as they were when the state was entered. Each
// step evaluates the state's compiled fields (asl::State) through the
// expression interface; a failure carries AWS's "An error occurred while
// executing the state ..." prefix. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/dataflow/field.h"
#include "emulator/dataflow/scope.h"
#include "emulator/states/command.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

// Prefixes `failure.cause` with the state's name and entered event id.
Failure InState(const StateContext& ctx, Failure failure);

// What the state's fields read: `$` = `input` (JSONata: $states.input), `$$`,
// the variables, the random source and the time; `result` is JSONata's
// $states.result when the state has one.
dataflow::EvalScope MakeScope(const StateContext& ctx, const Json& input,
                              const Json* result = nullptr);

// A failure about the value `field` gave (its type, its range): in a JSONata
// state States.QueryEvaluationError at the field (AWS records it with an
// EvaluationFailed event, as for the Wait's "The Timestamp field cannot be
// parsed ..."), in a JSONPath state States.Runtime. With the state's prefix.
Failure FieldValueFailure(const StateContext& ctx, const dataflow::Field& field, std::string cause);
// The same for a value that is not of the `expected` JSONata type ("array",
// "boolean", "integer", "number", "string"): AWS's "The JSONata expression
// '...' specified for the field '...' returned an unexpected result type.
// Expected 'array', but was 'number' for value: 1". JSONata fields only.
Failure JsonataTypeFailure(const StateContext& ctx, const dataflow::Field& field,
                           std::string_view expected, const Json& value);
bool IsJsonata(const StateContext& ctx);

// Evaluates `field` in `scope`; a failure carries the state's prefix.
Outcome<dataflow::Value> EvaluateField(const StateContext& ctx, const dataflow::Field& field,
                                       const dataflow::EvalScope& scope);

// Assign: the variables `templ` computes with `$` (JSONata: $states.input) =
// `value`; reads see the variables as they were before the state.
Outcome<Json> EvaluateAssign(const StateContext& ctx, const dataflow::Field& templ,
                             const Json& value);

// JSONPath: InputPath then Parameters (when the state has them). JSONata:
// Arguments (when the state has them), else the raw input.
Outcome<Json> PrepareInput(const StateContext& ctx, const Json& raw_input);
// The common end of a state that produced `result`: Assign then the output
// (JSONPath: Assign with `$` = the result after ResultSelector, then
// ResultPath and OutputPath; JSONata: Assign and Output over $states.input
// and $states.result, the output defaulting to the result); an Advance to
// the state's Next (or the end) carrying the assigned variables.
Decision Finish(const StateContext& ctx, const Json& raw_input, const Json& result, bool select);

// The output of a state that passes its input through (Wait, Choice,
// Succeed): JSONPath's OutputPath, JSONata's Output (default: the input).
Outcome<Json> ApplyOutput(const StateContext& ctx, const Json& document);
// JSONata's Output `output` over $states.input = `input` (and $states.result
// = `*result` when given); without one, `*result`, else `input`.
Outcome<Json> EvaluateOutput(const StateContext& ctx, const std::optional<dataflow::Field>& output,
                             const Json& input, const Json* result);

}  // namespace sfn::states
