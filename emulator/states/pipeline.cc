#include "emulator/states/pipeline.h"

#include "emulator/dataflow/io_paths.h"

namespace sfn::states {

Failure InState(const StateContext& ctx, Failure failure) {
  failure.cause = "An error occurred while executing the state '" + ctx.state.name +
                  "' (entered at the event id #" + std::to_string(ctx.entered_event_id) + "). " +
                  failure.cause;
  return failure;
}

dataflow::Scope MakeScope(const StateContext& ctx, const Json& input) {
  return dataflow::Scope{input, ctx.context_object, ctx.variables};
}

Outcome<Json> PrepareInput(const StateContext& ctx, const Json& raw_input) {
  Outcome<Json> effective =
      dataflow::ApplyInputPath(ctx.state.input_path, MakeScope(ctx, raw_input));
  if (!effective.ok()) return InState(ctx, effective.failure());
  if (!ctx.state.parameters) return effective;
  Outcome<Json> params = ctx.state.parameters->Evaluate(MakeScope(ctx, effective.value()));
  if (!params.ok()) return InState(ctx, params.failure());
  return params;
}

Outcome<Json> FinishOutput(const StateContext& ctx, const Json& raw_input, const Json& result,
                           bool select) {
  const Json* chosen = &result;
  Json selected;
  if (select && ctx.state.result_selector) {
    Outcome<Json> s = ctx.state.result_selector->Evaluate(MakeScope(ctx, result));
    if (!s.ok()) return InState(ctx, s.failure());
    selected = std::move(s).value();
    chosen = &selected;
  }
  Outcome<Json> merged = dataflow::ApplyResultPath(ctx.state.result_path, raw_input, *chosen);
  if (!merged.ok()) return InState(ctx, merged.failure());
  return ApplyOutput(ctx, merged.value());
}

Outcome<Json> ApplyOutput(const StateContext& ctx, const Json& document) {
  Outcome<Json> out = dataflow::ApplyOutputPath(ctx.state.output_path, document);
  if (!out.ok()) return InState(ctx, out.failure());
  return out;
}

}  // namespace sfn::states
