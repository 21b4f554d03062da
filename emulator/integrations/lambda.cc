#include "emulator/integrations/lambda.h"

#include "emulator/core/arn.h"
#include "emulator/integrations/lambda_result.h"

namespace sfn::integrations {
namespace {

// arn:<partition>:states:::lambda:invoke, in any partition (the step loop
// refuses one that is not the execution's).
bool IsLambdaInvoke(std::string_view r) {
  std::optional<IntegrationResource> integration = ParseIntegrationResource(r);
  return integration && integration->service == "lambda" && integration->action == "invoke" &&
         integration->pattern.empty();
}

bool IsLambdaFunctionArn(std::string_view r) {
  // arn:<partition>:lambda:<region>:<account>:function:<name>[:qualifier]
  Result<Arn> arn = ParseArn(r);
  return arn.ok() && arn->service == "lambda" && arn->resource.rfind("function:", 0) == 0;
}

// The function a planned task calls: fixed by Bind, read by Dispatch.
Json TargetJson(const engine::ResolvedFunction& fn) {
  return Json{{"name", fn.function_name}, {"arn", fn.function_arn}, {"version", fn.version}};
}

engine::ResolvedFunction TargetOf(const engine::PlannedTask& task) {
  return engine::ResolvedFunction{task.target.value("name", ""), task.target.value("arn", ""),
                                  task.target.value("version", "$LATEST")};
}

}  // namespace

std::string_view LambdaTask::Id() const {
  return form_ == Form::kInvokeIntegration ? "lambda.invoke" : "lambda.function";
}

bool LambdaTask::Matches(std::string_view resource) const {
  return form_ == Form::kInvokeIntegration ? IsLambdaInvoke(resource)
                                           : IsLambdaFunctionArn(resource);
}

engine::PatternSet LambdaTask::Patterns() const {
  // AWS "Invoke an AWS Lambda function with Step Functions": request-response
  // and wait-for-callback (a bare function ARN has no pattern suffix).
  if (form_ == Form::kFunctionArn) return {engine::Pattern::kRequestResponse};
  return {engine::Pattern::kRequestResponse, engine::Pattern::kWaitForTaskToken};
}

engine::EventFamily LambdaTask::Events() const {
  return form_ == Form::kInvokeIntegration ? engine::EventFamily::kTask
                                           : engine::EventFamily::kLambdaFunction;
}

Outcome<engine::PlannedTask> LambdaTask::Plan(const engine::TaskCall& call,
                                              const engine::TaskEnv&) const {
  engine::PlannedTask task;
  task.integration = std::string(Id());
  task.resource = call.resource;
  if (form_ == Form::kFunctionArn) {
    task.request = DumpJson(call.parameters);
    return task;
  }
  const Json& p = call.parameters;
  if (!p.is_object() || !p.contains("FunctionName") || !p.at("FunctionName").is_string()) {
    return Failure{errors::kRuntime,
                   "The field 'FunctionName' is required and must be a string for the resource '" +
                       call.resource + "'."};
  }
  // The SDK integration sends a string Payload as the request body itself
  // (so "\"x\"" arrives as the JSON string "x"); null or none sends {}.
  auto payload = p.find("Payload");
  if (payload == p.end() || payload->is_null()) {
    task.request = "{}";
  } else if (payload->is_string()) {
    task.request = payload->get<std::string>();
  } else {
    task.request = DumpJson(*payload);
  }
  return task;
}

std::optional<Failure> LambdaTask::Bind(const engine::TaskCall& call, const engine::TaskEnv& env,
                                        engine::PlannedTask& task) const {
  std::string ref = form_ == Form::kInvokeIntegration
                        ? call.parameters.at("FunctionName").get<std::string>()
                        : call.resource;
  if (lambda_ == nullptr) {
    return InvocationFailure("ResourceNotFoundException", "Function not found: " + ref,
                             env.NewRequestId());
  }
  Result<engine::ResolvedFunction> fn = lambda_->Resolve(ref, env.region, env.account);
  if (!fn.ok()) return InvocationFailure(fn.status(), env.NewRequestId());
  task.target = TargetJson(*fn);
  return std::nullopt;
}

void LambdaTask::Dispatch(const engine::PlannedTask& task,
                          std::function<void(engine::TaskAnswer)> done) const {
  if (lambda_ == nullptr) {
    engine::InvocationResult r;
    r.service_error = "ResourceNotFoundException";
    r.service_message = "Function not found: " + task.target.value("arn", task.resource);
    done(std::move(r));
    return;
  }
  lambda_->Invoke(TargetOf(task), task.request,
                  [done = std::move(done)](engine::InvocationResult r) { done(std::move(r)); });
}

Outcome<Json> LambdaTask::Interpret(const engine::PlannedTask& task,
                                    const engine::TaskAnswer& answer,
                                    const engine::TaskEnv& env) const {
  const auto* answered = std::get_if<engine::InvocationResult>(&answer);
  if (answered == nullptr) {
    return Failure{errors::kRuntime, "A Lambda task received an answer of another integration."};
  }
  engine::InvocationResult result = *answered;
  if (result.request_id.empty()) result.request_id = env.NewRequestId();
  bool envelope = form_ == Form::kInvokeIntegration;
  return InterpretInvocation(result, envelope, envelope ? "lambda" : task.resource, env.now);
}

}  // namespace sfn::integrations
