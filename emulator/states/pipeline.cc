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
  return dataflow::Scope{input, ctx.context_object, ctx.variables, ctx.random};
}

namespace {

// InputPath/OutputPath: `null` -> {}; a variable reference; else the path
// over `document` (or $$).
Outcome<Json> SelectIo(const StateContext& ctx, const std::string& field,
                       const dataflow::IoPath& io, const Json& document) {
  auto var = ctx.state.variable_refs.find(field);
  if (var == ctx.state.variable_refs.end()) {
    if (!io.path) return Json::object();
    return dataflow::ApplyInputPath(io, MakeScope(ctx, document));
  }
  std::optional<Json> v = ReadPathField(ctx, field, std::nullopt, document);
  if (v) return std::move(*v);
  return Failure{errors::kRuntime, "Invalid path '$" + var->second.name +
                                       "' : No results for path: $['" + var->second.name + "']"};
}

}  // namespace

bool HasPathField(const StateContext& ctx, const std::string& field,
                  const std::optional<dataflow::JsonPath>& path) {
  return path || ctx.state.variable_refs.count(field) != 0;
}

std::string PathFieldText(const StateContext& ctx, const std::string& field,
                          const std::optional<dataflow::JsonPath>& path) {
  auto var = ctx.state.variable_refs.find(field);
  if (var != ctx.state.variable_refs.end()) {
    return "$" + var->second.name + var->second.path.text().substr(1);
  }
  return path ? path->text() : std::string();
}

std::optional<Json> ReadPathField(const StateContext& ctx, const std::string& field,
                                  const std::optional<dataflow::JsonPath>& path,
                                  const Json& document) {
  auto var = ctx.state.variable_refs.find(field);
  if (var != ctx.state.variable_refs.end()) {
    if (ctx.variables == nullptr) return std::nullopt;
    auto it = ctx.variables->find(var->second.name);
    if (it == ctx.variables->end()) return std::nullopt;
    return var->second.path.Evaluate(*it);
  }
  if (!path) return std::nullopt;
  return path->Evaluate(path->IsContextPath() ? ctx.context_object : document);
}

Outcome<Json> EvaluateAssign(const StateContext& ctx, const dataflow::Template& templ,
                             const Json& value) {
  Outcome<Json> assigned = templ.Evaluate(MakeScope(ctx, value));
  if (!assigned.ok()) return InState(ctx, assigned.failure());
  return assigned;
}

Outcome<Json> PrepareInput(const StateContext& ctx, const Json& raw_input) {
  Outcome<Json> effective = SelectIo(ctx, "InputPath", ctx.state.input_path, raw_input);
  if (!effective.ok()) return InState(ctx, effective.failure());
  if (!ctx.state.parameters) return effective;
  Outcome<Json> params = ctx.state.parameters->Evaluate(MakeScope(ctx, effective.value()));
  if (!params.ok()) return InState(ctx, params.failure());
  return params;
}

namespace {

Outcome<Json> Select(const StateContext& ctx, const Json& result, bool select) {
  if (!select || !ctx.state.result_selector) return result;
  Outcome<Json> s = ctx.state.result_selector->Evaluate(MakeScope(ctx, result));
  if (!s.ok()) return InState(ctx, s.failure());
  return s;
}

}  // namespace

Decision Finish(const StateContext& ctx, const Json& raw_input, const Json& result, bool select) {
  Outcome<Json> selected = Select(ctx, result, select);
  if (!selected.ok()) return Decision::Failed(selected.failure());
  Json assigned;
  if (ctx.state.assign_template) {
    Outcome<Json> a = EvaluateAssign(ctx, *ctx.state.assign_template, selected.value());
    if (!a.ok()) return Decision::Failed(a.failure());
    assigned = std::move(a).value();
  }
  Outcome<Json> merged =
      dataflow::ApplyResultPath(ctx.state.result_path, raw_input, selected.value());
  if (!merged.ok()) return Decision::Failed(InState(ctx, merged.failure()));
  Outcome<Json> output = ApplyOutput(ctx, merged.value());
  if (!output.ok()) return Decision::Failed(output.failure());
  return Decision::Of(Advance{std::move(output).value(), ctx.state.next, std::move(assigned)});
}

Outcome<Json> ApplyOutput(const StateContext& ctx, const Json& document) {
  Outcome<Json> out = SelectIo(ctx, "OutputPath", ctx.state.output_path, document);
  if (!out.ok()) return InState(ctx, out.failure());
  return out;
}

}  // namespace sfn::states
