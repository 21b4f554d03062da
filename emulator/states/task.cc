#include "emulator/states/task.h"

#include "emulator/states/pipeline.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

Failure Runtime(const StateContext& ctx, std::string cause) {
  return InState(ctx, {errors::kRuntime, std::move(cause)});
}

// TimeoutSeconds/HeartbeatSeconds or their ...Path (a positive integer).
Outcome<std::optional<int64_t>> Seconds(const StateContext& ctx, const char* field,
                                        const std::optional<int64_t>& literal,
                                        const std::optional<dataflow::JsonPath>& path,
                                        const Json& input) {
  if (literal) return std::optional<int64_t>(*literal);
  std::string path_field = std::string(field) + "Path";
  if (!HasPathField(ctx, path_field, path)) return std::optional<int64_t>();
  std::optional<Json> v = ReadPathField(ctx, path_field, path, input);
  if (!v || !v->is_number_integer() || v->get<int64_t>() <= 0) {
    return Runtime(
        ctx,
        "The " + std::string(field) + "Path field refers to value \"" +
            (v ? (v->is_string() ? v->get<std::string>() : DumpJson(*v)) : std::string("null")) +
            "\" which is not a valid positive integer: " + PathFieldText(ctx, path_field, path));
  }
  return std::optional<int64_t>(v->get<int64_t>());
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
  auto timeout =
      Seconds(ctx, "TimeoutSeconds", s.timeout_seconds, s.timeout_seconds_path, raw_input);
  if (!timeout.ok()) return timeout.failure();
  invoke.timeout_seconds = timeout.value();
  auto heartbeat =
      Seconds(ctx, "HeartbeatSeconds", s.heartbeat_seconds, s.heartbeat_seconds_path, raw_input);
  if (!heartbeat.ok()) return heartbeat.failure();
  invoke.heartbeat_seconds = heartbeat.value();
  return invoke;
}

const StateRunner& TaskRunner() {
  static const Task runner;
  return runner;
}

}  // namespace sfn::states
