#include "emulator/states/task.h"

#include "emulator/states/pipeline.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

// TimeoutSeconds/HeartbeatSeconds, literal or from their ...Path (a positive
// integer), read over the raw input.
Outcome<std::optional<int64_t>> Seconds(const StateContext& ctx,
                                        const std::optional<dataflow::Field>& field,
                                        const Json& input) {
  if (!field) return std::optional<int64_t>();
  Outcome<dataflow::Value> v = EvaluateField(ctx, *field, MakeScope(ctx, input));
  if (!v.ok()) return v.failure();
  const dataflow::Value& value = v.value();
  if (field->IsJsonata() && value && !value->is_number_integer()) {
    return JsonataTypeFailure(ctx, *field, "integer", *value);
  }
  if (!value || !value->is_number_integer() || value->get<int64_t>() <= 0) {
    return FieldValueFailure(
        ctx, *field,
        "The " + field->name() + " field refers to value \"" +
            (value ? (value->is_string() ? value->get<std::string>() : DumpJson(*value))
                   : std::string("null")) +
            "\" which is not a valid positive integer: " + field->text());
  }
  return std::optional<int64_t>(value->get<int64_t>());
}

class Task : public StateRunner {
 public:
  bool Retriable() const override { return true; }

  Decision Run(const StateContext& ctx, const Json& raw_input) const override {
    Outcome<Invoke> invoke = PlanInvoke(ctx, raw_input);
    if (!invoke.ok()) return Decision::Failed(invoke.failure());
    return Decision::Of(std::move(invoke).value());
  }

  Decision OnTaskResult(const StateContext& ctx, const Json& raw_input,
                        const Json& result) const override {
    return Finish(ctx, raw_input, result, /*select=*/true);
  }
};

}  // namespace

Outcome<Invoke> PlanInvoke(const StateContext& ctx, const Json& raw_input) {
  const asl::State& s = ctx.state;
  Invoke invoke;
  invoke.resource = s.resource.value_or("");
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return effective.failure();
  invoke.parameters = std::move(effective).value();
  auto timeout = Seconds(ctx, s.timeout_seconds, raw_input);
  if (!timeout.ok()) return timeout.failure();
  invoke.timeout_seconds = timeout.value();
  auto heartbeat = Seconds(ctx, s.heartbeat_seconds, raw_input);
  if (!heartbeat.ok()) return heartbeat.failure();
  invoke.heartbeat_seconds = heartbeat.value();
  return invoke;
}

const StateRunner& TaskRunner() {
  static const Task runner;
  return runner;
}

}  // namespace sfn::states
