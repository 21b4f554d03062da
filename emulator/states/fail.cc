// Fail state (Amazon States Language, "Fail State"): ends the execution with
// its Error and Cause, each compiled from Error/ErrorPath (a path or an
// intrinsic function) or JSONata.
#include "emulator/states/pipeline.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

// nullopt when the field is absent; a Failure when it cannot be evaluated.
Outcome<std::optional<std::string>> Resolve(const StateContext& ctx, const Json& input,
                                            const std::optional<dataflow::Field>& field) {
  if (!field) return std::optional<std::string>();
  Outcome<dataflow::Value> value = EvaluateField(ctx, *field, MakeScope(ctx, input));
  if (!value.ok()) return value.failure();
  if (!value.value()) {
    return InState(
        ctx, {errors::kRuntime, "The JSONPath '" + field->text() + "' specified for the field '" +
                                    field->name() + "' could not be found in the input '" +
                                    DumpJson(input) + "'"});
  }
  const Json& v = *value.value();
  if (field->IsJsonata() && !v.is_string()) return JsonataTypeFailure(ctx, *field, "string", v);
  return std::optional<std::string>(v.is_string() ? v.get<std::string>() : DumpJson(v));
}

class Fail : public StateRunner {
 public:
  Decision Run(const StateContext& ctx, const Json& raw_input) const override {
    auto error = Resolve(ctx, raw_input, ctx.state.error);
    if (!error.ok()) return Decision::Failed(error.failure());
    auto cause = Resolve(ctx, raw_input, ctx.state.cause);
    if (!cause.ok()) return Decision::Failed(cause.failure());
    FailState f{{error.value().value_or(""), cause.value().value_or("")}};
    f.final_state = true;
    f.error_absent = !error.value().has_value();
    f.cause_absent = !cause.value().has_value();
    return Decision::Of(std::move(f));
  }
};

}  // namespace

const StateRunner& FailRunner() {
  static const Fail runner;
  return runner;
}

}  // namespace sfn::states
