// Fail state (Amazon States Language, "Fail State"): ends the execution with
// Error/Cause, or ErrorPath/CausePath (a path or an intrinsic function).
#include "emulator/states/pipeline.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

// nullopt when the field is absent; a Failure when its path/intrinsic fails.
Outcome<std::optional<std::string>> Resolve(const StateContext& ctx, const Json& input,
                                            const asl::DynamicString& field,
                                            const char* path_field) {
  if (field.literal) return std::optional<std::string>(*field.literal);
  std::optional<Json> value;
  if (field.path) {
    const Json& root = field.path->IsContextPath() ? ctx.context_object : input;
    value = field.path->Evaluate(root);
    if (!value) {
      return InState(
          ctx, {errors::kRuntime,
                "The JSONPath '" + field.path->text() + "' specified for the field '" + path_field +
                    "' could not be found in the input '" + DumpJson(input) + "'"});
    }
  } else if (field.intrinsic) {
    Outcome<Json> r = field.intrinsic->Evaluate(MakeScope(ctx, input));
    if (!r.ok()) return InState(ctx, r.failure());
    value = r.value();
  } else {
    return std::optional<std::string>();
  }
  if (value->is_string()) return std::optional<std::string>(value->get<std::string>());
  return std::optional<std::string>(DumpJson(*value));
}

class Fail : public StateRunner {
 public:
  Decision Run(const StateContext& ctx, const Json& raw_input) const override {
    auto error = Resolve(ctx, raw_input, ctx.state.error, "ErrorPath");
    if (!error.ok()) return Decision::Failed(error.failure());
    auto cause = Resolve(ctx, raw_input, ctx.state.cause, "CausePath");
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
