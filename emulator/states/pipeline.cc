#include "emulator/states/pipeline.h"

#include <utility>

#include "emulator/dataflow/io_paths.h"
#include "emulator/dataflow/jsonata_expression.h"

namespace sfn::states {

Failure InState(const StateContext& ctx, Failure failure) {
  failure.cause = "An error occurred while executing the state '" + ctx.state.name +
                  "' (entered at the event id #" + std::to_string(ctx.entered_event_id) + "). " +
                  failure.cause;
  return failure;
}

dataflow::EvalScope MakeScope(const StateContext& ctx, const Json& input, const Json* result) {
  dataflow::EvalScope scope{input, ctx.context_object, ctx.variables, ctx.random, ctx.now};
  scope.states_input = &input;
  scope.states_result = result;
  return scope;
}

Outcome<dataflow::Value> EvaluateField(const StateContext& ctx, const dataflow::Field& field,
                                       const dataflow::EvalScope& scope) {
  Outcome<dataflow::Value> v = field.Evaluate(scope);
  if (!v.ok()) return InState(ctx, v.failure());
  return v;
}

bool IsJsonata(const StateContext& ctx) {
  return ctx.state.query_language == asl::QueryLanguage::kJsonata;
}

Failure FieldValueFailure(const StateContext& ctx, const dataflow::Field& field,
                          std::string cause) {
  if (!IsJsonata(ctx)) return InState(ctx, {errors::kRuntime, std::move(cause)});
  const std::string& location = field.location().empty() ? field.name() : field.location();
  return InState(ctx, {errors::kQueryEvaluationError, std::move(cause), location});
}

Failure JsonataTypeFailure(const StateContext& ctx, const dataflow::Field& field,
                           std::string_view expected, const Json& value) {
  return InState(ctx, dataflow::UnexpectedJsonataType(field.expression(), expected, value));
}

namespace {

// A field that always yields a value (templates, literals, JSONata fields).
Outcome<Json> EvaluateValue(const StateContext& ctx, const dataflow::Field& field,
                            const dataflow::EvalScope& scope) {
  Outcome<dataflow::Value> v = EvaluateField(ctx, field, scope);
  if (!v.ok()) return v.failure();
  if (!v.value()) {
    return InState(ctx, {errors::kRuntime, "The field '" + field.name() + "' has no value."});
  }
  return std::move(*std::move(v).value());
}

// InputPath/OutputPath when the state has it, else the document itself.
Outcome<Json> SelectIo(const StateContext& ctx, const std::optional<dataflow::Field>& path,
                       const Json& document) {
  if (!path) return document;
  Outcome<Json> out = dataflow::ApplyIoPath(*path, MakeScope(ctx, document));
  if (!out.ok()) return InState(ctx, out.failure());
  return out;
}

bool HasResult(const asl::State& s) {
  return s.type == asl::StateType::kTask || s.type == asl::StateType::kParallel ||
         s.type == asl::StateType::kMap;
}

Decision Transition(const StateContext& ctx, Json output, std::optional<Json> assigned) {
  return Decision::Of(
      Advance{std::move(output), ctx.state.next, assigned ? std::move(*assigned) : Json()});
}

// Records one step of the data flow when the state runs under TestState.
void Record(const StateContext& ctx, std::optional<Json> Inspection::*member, const Json& value) {
  if (ctx.inspection) ctx.inspection->*member = value;
}

Decision FinishJsonata(const StateContext& ctx, const Json& raw_input, const Json& result) {
  const Json* state_result = HasResult(ctx.state) ? &result : nullptr;
  std::optional<Json> assigned;
  if (ctx.state.assign_template) {
    Outcome<Json> a =
        EvaluateValue(ctx, *ctx.state.assign_template, MakeScope(ctx, raw_input, state_result));
    if (!a.ok()) return Decision::Failed(a.failure());
    assigned = std::move(a).value();
  }
  Outcome<Json> output = EvaluateOutput(ctx, ctx.state.output, raw_input, &result);
  if (!output.ok()) return Decision::Failed(output.failure());
  return Transition(ctx, std::move(output).value(), std::move(assigned));
}

}  // namespace

Outcome<Json> EvaluateAssign(const StateContext& ctx, const dataflow::Field& templ,
                             const Json& value) {
  return EvaluateValue(ctx, templ, MakeScope(ctx, value));
}

Outcome<Json> PrepareInput(const StateContext& ctx, const Json& raw_input) {
  const asl::State& s = ctx.state;
  if (IsJsonata(ctx)) {
    if (!s.parameters) return raw_input;
    Outcome<Json> args = EvaluateValue(ctx, *s.parameters, MakeScope(ctx, raw_input));
    if (args.ok()) Record(ctx, &Inspection::after_arguments, args.value());
    return args;
  }
  if (!s.input_path) {
    Record(ctx, &Inspection::after_input_path, raw_input);
    if (!s.parameters) {
      Record(ctx, &Inspection::after_parameters, raw_input);
      return raw_input;
    }
    Outcome<Json> params = EvaluateValue(ctx, *s.parameters, MakeScope(ctx, raw_input));
    if (params.ok()) Record(ctx, &Inspection::after_parameters, params.value());
    return params;
  }
  Outcome<Json> effective = SelectIo(ctx, s.input_path, raw_input);
  if (effective.ok()) Record(ctx, &Inspection::after_input_path, effective.value());
  if (!effective.ok() || !s.parameters) {
    if (effective.ok()) Record(ctx, &Inspection::after_parameters, effective.value());
    return effective;
  }
  Outcome<Json> params = EvaluateValue(ctx, *s.parameters, MakeScope(ctx, effective.value()));
  if (params.ok()) Record(ctx, &Inspection::after_parameters, params.value());
  return params;
}

Decision Finish(const StateContext& ctx, const Json& raw_input, const Json& result, bool select) {
  if (IsJsonata(ctx)) return FinishJsonata(ctx, raw_input, result);
  const asl::State& s = ctx.state;
  Record(ctx, &Inspection::result, result);
  std::optional<Json> selected_storage;
  if (select && s.result_selector) {
    Outcome<Json> r = EvaluateValue(ctx, *s.result_selector, MakeScope(ctx, result));
    if (!r.ok()) return Decision::Failed(r.failure());
    selected_storage = std::move(r).value();
  }
  const Json& selected = selected_storage ? *selected_storage : result;
  Record(ctx, &Inspection::after_result_selector, selected);
  std::optional<Json> assigned;
  if (s.assign_template) {
    Outcome<Json> a = EvaluateAssign(ctx, *s.assign_template, selected);
    if (!a.ok()) return Decision::Failed(a.failure());
    assigned = std::move(a).value();
  }
  Outcome<Json> merged = dataflow::ApplyResultPath(s.result_path, raw_input, selected);
  if (!merged.ok()) return Decision::Failed(InState(ctx, merged.failure()));
  Record(ctx, &Inspection::after_result_path, merged.value());
  if (!s.output_path) return Transition(ctx, std::move(merged).value(), std::move(assigned));
  Outcome<Json> output = SelectIo(ctx, s.output_path, merged.value());
  if (!output.ok()) return Decision::Failed(output.failure());
  return Transition(ctx, std::move(output).value(), std::move(assigned));
}

Outcome<Json> ApplyOutput(const StateContext& ctx, const Json& document) {
  if (IsJsonata(ctx)) return EvaluateOutput(ctx, ctx.state.output, document, nullptr);
  return SelectIo(ctx, ctx.state.output_path, document);
}

Outcome<Json> EvaluateOutput(const StateContext& ctx, const std::optional<dataflow::Field>& output,
                             const Json& input, const Json* result) {
  if (!output) return result ? *result : input;
  const Json* state_result = result && HasResult(ctx.state) ? result : nullptr;
  return EvaluateValue(ctx, *output, MakeScope(ctx, input, state_result));
}

}  // namespace sfn::states
