#include "emulator/integrations/aws_task.h"

#include "emulator/jsonata/utf.h"

namespace sfn::integrations {
namespace {

constexpr std::string_view kWaitForTaskToken = ".waitForTaskToken";

// The request a planned task carries; only a row this build did not write
// fails to read.
Result<AwsRequest> RequestOf(const engine::PlannedTask& task) {
  SFN_ASSIGN_OR_RETURN(Json j,
                       ParseJson(task.request, ErrorCode::kInternalFailure, kMaxStoredJsonDepth));
  return AwsRequest::FromJson(j);
}

}  // namespace

std::string_view WithoutPattern(std::string_view resource, bool* wait_for_token) {
  bool has = resource.size() > kWaitForTaskToken.size() &&
             resource.substr(resource.size() - kWaitForTaskToken.size()) == kWaitForTaskToken;
  if (wait_for_token) *wait_for_token = has;
  return has ? resource.substr(0, resource.size() - kWaitForTaskToken.size()) : resource;
}

Json ParametersObject(const Json& parameters) {
  return parameters.is_object() ? parameters : Json::object();
}

std::string ValidUtf8(std::string_view text) {
  return jsonata::EncodeUtf8(jsonata::DecodeUtf8(text));
}

std::string AsText(const Json& value) {
  return value.is_string() ? value.get<std::string>() : DumpJson(value);
}

Outcome<engine::PlannedTask> AwsTask::Plan(const engine::TaskCall& call,
                                           const engine::TaskEnv& env) const {
  Outcome<Built> built = Build(call, env);
  if (!built.ok()) return built.failure();
  AwsRequest& request = built.value().request;
  if (request.region.empty()) request.region = env.region;
  // A call not much longer than the Task's own TimeoutSeconds: its timer
  // fails the task (States.Timeout) first, so the HTTP client's deadline
  // stays a little later and only frees the connection.
  constexpr std::chrono::seconds kConnectionGrace{5};
  if (call.timeout_seconds && *call.timeout_seconds > 0 &&
      std::chrono::seconds(*call.timeout_seconds) + kConnectionGrace < request.timeout) {
    request.timeout = std::chrono::seconds(*call.timeout_seconds) + kConnectionGrace;
  }
  engine::PlannedTask task;
  task.integration = std::string(Id());
  task.resource = call.resource;
  task.request = DumpJson(request.ToJson());
  task.parameters = std::move(built.value().shown_parameters);
  return task;
}

std::optional<Failure> AwsTask::Bind(const engine::TaskCall&, const engine::TaskEnv&,
                                     engine::PlannedTask& task) const {
  std::string service = ServiceOf(task);
  if (aws_ == nullptr) {
    return Failure{ClientErrorName(task), "sfn-emulator has no endpoint for " + service + ": set " +
                                              AwsEndpoints::HowToSet(service) + "."};
  }
  if (Result<std::string> endpoint = aws_->EndpointOf(service); !endpoint.ok()) {
    return Failure{ClientErrorName(task), endpoint.status().message()};
  }
  return std::nullopt;
}

void AwsTask::Dispatch(const engine::PlannedTask& task,
                       std::function<void(engine::TaskAnswer)> done) const {
  Result<AwsRequest> request = RequestOf(task);
  if (!request.ok()) {
    done(Result<engine::HttpAnswer>(request.status()));
    return;
  }
  if (aws_ == nullptr) {
    done(Result<engine::HttpAnswer>(
        Status(ErrorCode::kResourceNotFound, "sfn-emulator has no AWS client")));
    return;
  }
  aws_->Send(*request, [done = std::move(done)](Result<engine::HttpAnswer> answer) {
    done(std::move(answer));
  });
}

Outcome<Json> AwsTask::Interpret(const engine::PlannedTask& task, const engine::TaskAnswer& answer,
                                 const engine::TaskEnv& env) const {
  const auto* http = std::get_if<Result<engine::HttpAnswer>>(&answer);
  if (http == nullptr) {
    return Failure{errors::kRuntime, "An AWS service task received an answer of another kind."};
  }
  if (!http->ok()) {
    // What the AWS SDK raises when no HTTP answer came (connection refused,
    // timed out, no endpoint).
    const Status& s = http->status();
    std::string cause = s.code() == ErrorCode::kResourceNotFound
                            ? s.message()
                            : "Unable to execute HTTP request: " + s.message();
    return Failure{ClientErrorName(task), cause};
  }
  if (std::optional<AwsError> error = ParseAwsError(http->value())) {
    return ServiceFailure(*error, task);
  }
  return Decode(http->value(), task, env);
}

}  // namespace sfn::integrations
