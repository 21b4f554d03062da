#include "emulator/states/task.h"

#include "emulator/states/pipeline.h"

namespace sfn::states {
namespace {

constexpr char kLambdaInvoke[] = "arn:aws:states:::lambda:invoke";

Failure Runtime(const StateContext& ctx, std::string cause) {
  return InState(ctx, {errors::kRuntime, std::move(cause)});
}

bool IsLambdaFunctionArn(const std::string& r) {
  // arn:<partition>:lambda:<region>:<account>:function:<name>[:qualifier]
  return r.rfind("arn:", 0) == 0 && r.find(":lambda:") != std::string::npos &&
         r.find(":function:") != std::string::npos;
}

// TimeoutSeconds/HeartbeatSeconds, literal or from their ...Path (a positive
// integer), read over the raw input.
Outcome<std::optional<int64_t>> Seconds(const StateContext& ctx,
                                        const std::optional<dataflow::Field>& field,
                                        const Json& input) {
  if (!field) return std::optional<int64_t>();
  Outcome<dataflow::Value> v = EvaluateField(ctx, *field, MakeScope(ctx, input));
  if (!v.ok()) return v.failure();
  const dataflow::Value& value = v.value();
  if (!value || !value->is_number_integer() || value->get<int64_t>() <= 0) {
    return Runtime(ctx,
                   "The " + field->name() + " field refers to value \"" +
                       (value ? (value->is_string() ? value->get<std::string>() : DumpJson(*value))
                              : std::string("null")) +
                       "\" which is not a valid positive integer: " + field->text());
  }
  return std::optional<int64_t>(value->get<int64_t>());
}

}  // namespace

Outcome<TaskPlan> PlanTask(const StateContext& ctx, const Json& raw_input) {
  const asl::State& s = ctx.state;
  TaskPlan plan;
  plan.resource = s.resource.value_or("");
  // The integration's optimised and ".sync"-less forms are the same call.
  if (plan.resource == kLambdaInvoke) {
    plan.kind = TaskPlan::Kind::kLambdaInvoke;
  } else if (IsLambdaFunctionArn(plan.resource)) {
    plan.kind = TaskPlan::Kind::kLambdaArn;
  } else {
    return Runtime(ctx, "The resource '" + plan.resource +
                            "' is not emulated by sfn-emulator; Task states can call Lambda "
                            "functions (a function ARN or arn:aws:states:::lambda:invoke).");
  }
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return effective.failure();
  plan.parameters = std::move(effective).value();

  if (plan.kind == TaskPlan::Kind::kLambdaInvoke) {
    if (!plan.parameters.is_object() || !plan.parameters.contains("FunctionName") ||
        !plan.parameters.at("FunctionName").is_string()) {
      return Runtime(ctx,
                     "The field 'FunctionName' is required and must be a string for "
                     "the resource '" +
                         plan.resource + "'.");
    }
    plan.function_ref = plan.parameters.at("FunctionName").get<std::string>();
    // The SDK integration sends a string Payload as the request body itself
    // (so "\"x\"" arrives as the JSON string "x"); null or none sends {}.
    auto payload = plan.parameters.find("Payload");
    if (payload == plan.parameters.end() || payload->is_null()) {
      plan.payload = "{}";
    } else if (payload->is_string()) {
      plan.payload = payload->get<std::string>();
    } else {
      plan.payload = DumpJson(*payload);
    }
  } else {
    plan.function_ref = plan.resource;
    plan.payload = DumpJson(plan.parameters);
  }

  auto timeout = Seconds(ctx, s.timeout_seconds, raw_input);
  if (!timeout.ok()) return timeout.failure();
  plan.timeout_seconds = timeout.value();
  auto heartbeat = Seconds(ctx, s.heartbeat_seconds, raw_input);
  if (!heartbeat.ok()) return heartbeat.failure();
  plan.heartbeat_seconds = heartbeat.value();
  return plan;
}

}  // namespace sfn::states
