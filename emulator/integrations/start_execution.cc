#include "emulator/integrations/start_execution.h"

#include "emulator/core/arn.h"

namespace sfn::integrations {
namespace {

engine::TaskRef ParentOf(const engine::PlannedTask& task) {
  const Json& p = task.target.at("parent");
  return engine::TaskRef{p.at("execution").get<std::string>(), p.at("frame").get<int64_t>(),
                         p.at("attempt").get<int64_t>()};
}

// The SDK's response metadata AWS adds to an optimised integration's output
// (as in lambda:invoke's): the StartExecution response's headers.
Json SdkHttpMetadata(size_t content_length, const std::string& request_id, TimePoint now) {
  auto headers = [&](bool all) {
    auto v = [all](const std::string& s) { return all ? Json::array({s}) : Json(s); };
    return Json{{"Content-Length", v(std::to_string(content_length))},
                {"Content-Type", v("application/x-amz-json-1.0")},
                {"Date", v(FormatIso8601(now))},
                {"connection", v("keep-alive")},
                {"x-amzn-RequestId", v(request_id)}};
  };
  return Json{
      {"AllHttpHeaders", headers(true)}, {"HttpHeaders", headers(false)}, {"HttpStatusCode", 200}};
}

// A Step Functions API error as the integration reports it (the Java SDK's
// message shape, as Lambda's: "StepFunctions.<Code>Exception").
Failure ServiceFailure(const Status& status, const std::string& request_id) {
  std::string code(ErrorName(status.code()));
  int http = status.code() == ErrorCode::kInternalFailure ? 500 : 400;
  return Failure{"StepFunctions." + code + "Exception",
                 status.message() +
                     " (Service: AWSStepFunctions; Status Code: " + std::to_string(http) +
                     "; Error Code: " + code + "; Request ID: " + request_id + "; Proxy: null)"};
}

// DescribeExecution of the ended child, as .sync (texts) and .sync:2 (JSON)
// return it; AWS's members in their alphabetical order.
Json Description(const engine::ExecutionEnded& e, bool as_json) {
  auto payload = [as_json](const std::string& text) {
    if (!as_json) return Json(text);
    Result<Json> parsed = ParseJson(text);
    return parsed.ok() ? std::move(parsed).value() : Json(text);
  };
  Json d = Json::object();
  if (e.cause) d["Cause"] = *e.cause;
  if (e.error) d["Error"] = *e.error;
  d["ExecutionArn"] = e.execution_arn;
  d["Input"] = payload(e.input);
  d["InputDetails"] = {{"Included", true}};
  d["Name"] = e.name;
  if (e.output) {
    d["Output"] = payload(*e.output);
    d["OutputDetails"] = {{"Included", true}};
  }
  d["StartDate"] = ToEpochMillis(e.start_date);
  d["StateMachineArn"] = e.state_machine_arn;
  d["Status"] = e.status;
  d["StopDate"] = ToEpochMillis(e.stop_date);
  return d;
}

}  // namespace

bool StartExecutionTask::Matches(std::string_view r) const {
  // arn:<partition>:states:::states:startExecution (its pattern already split off)
  std::optional<IntegrationResource> resource = ParseIntegrationResource(r);
  return resource && resource->service == "states" && resource->action == "startExecution" &&
         resource->pattern.empty();
}

engine::PatternSet StartExecutionTask::Patterns() const {
  return {engine::Pattern::kRequestResponse, engine::Pattern::kSync, engine::Pattern::kSync2,
          engine::Pattern::kWaitForTaskToken};
}

Outcome<engine::PlannedTask> StartExecutionTask::Plan(const engine::TaskCall& call,
                                                      const engine::TaskEnv& env) const {
  const Json& p = call.parameters;
  if (!p.is_object() || !p.contains("StateMachineArn") || !p.at("StateMachineArn").is_string()) {
    return Failure{errors::kRuntime,
                   "The field 'StateMachineArn' is required and must be a string for the "
                   "resource '" +
                       call.resource + "'."};
  }
  if (p.contains("Name") && !p.at("Name").is_string() && !p.at("Name").is_null()) {
    return Failure{errors::kRuntime,
                   "The field 'Name' must be a string for the resource '" + call.resource + "'."};
  }
  // AWS: "If you don't include any JSON input data, you still must include
  // the two braces": a missing or null Input starts the child with {}; a
  // string is the input text as it is; anything else is serialised.
  std::string input = "{}";
  auto in = p.find("Input");
  if (in != p.end() && !in->is_null())
    input = in->is_string() ? in->get<std::string>() : DumpJson(*in);
  Json request = {{"StateMachineArn", p.at("StateMachineArn")}, {"Input", input}};
  if (p.contains("Name") && p.at("Name").is_string()) request["Name"] = p.at("Name");
  engine::PlannedTask task;
  task.integration = std::string(Id());
  task.resource = call.resource;
  task.request = DumpJson(request);
  task.target = Json{{"region", env.region}, {"account", env.account}};
  return task;
}

std::optional<Failure> StartExecutionTask::Bind(const engine::TaskCall&, const engine::TaskEnv& env,
                                                engine::PlannedTask& task) const {
  // The name is fixed now (a generated one from the seeded random source),
  // so the child started again after a restart is the same child.
  Result<Json> request =
      ParseJson(task.request, ErrorCode::kSerializationException, kMaxStoredJsonDepth);
  std::string name = request.ok() && request->contains("Name")
                         ? request->at("Name").get<std::string>()
                         : env.NewRequestId();
  task.target["name"] = name;
  task.target["parent"] = Json{{"execution", env.origin.execution_arn},
                               {"frame", env.origin.frame_id},
                               {"attempt", env.origin.task_attempt}};
  return std::nullopt;
}

void StartExecutionTask::Dispatch(const engine::PlannedTask& task,
                                  std::function<void(engine::TaskAnswer)> done) const {
  Result<Json> parsed =
      ParseJson(task.request, ErrorCode::kSerializationException, kMaxStoredJsonDepth);
  Json request = parsed.ok() && parsed->is_object() ? std::move(parsed).value() : Json::object();
  if (executions_ == nullptr) {
    done(engine::ExecutionStarted{
        Status(ErrorCode::kStateMachineDoesNotExist,
               "State Machine Does Not Exist: '" + request.value("StateMachineArn", "") + "'"),
        "", TimePoint{}, ""});
    return;
  }
  engine::ChildStart start;
  start.state_machine_arn = request.value("StateMachineArn", "");
  start.input = request.value("Input", "{}");
  start.name = task.target.value("name", "");
  start.parent = ParentOf(task);
  start.stop_with_parent =
      task.pattern == engine::Pattern::kSync || task.pattern == engine::Pattern::kSync2;
  start.region = task.target.value("region", "us-east-1");
  start.account = task.target.value("account", "123456789012");
  executions_->Start(start,
                     [done = std::move(done)](engine::ExecutionStarted s) { done(std::move(s)); });
}

void StartExecutionTask::Await(const engine::PlannedTask& task,
                               std::function<void(engine::TaskAnswer)> done) const {
  if (executions_ == nullptr) return;
  executions_->Watch(ParentOf(task),
                     [done = std::move(done)](engine::ExecutionEnded e) { done(std::move(e)); });
}

void StartExecutionTask::Cancel(const engine::PlannedTask& task, const engine::TaskRef&) const {
  // AWS stops a child started with .sync or .sync:2 when its parent stops;
  // request-response and callback children run on.
  bool job = task.pattern == engine::Pattern::kSync || task.pattern == engine::Pattern::kSync2;
  if (executions_ != nullptr && job && task.target.contains("parent")) {
    executions_->StopStartedBy(ParentOf(task));
  }
}

Outcome<Json> StartExecutionTask::Interpret(const engine::PlannedTask& task,
                                            const engine::TaskAnswer& answer,
                                            const engine::TaskEnv& env) const {
  if (const auto* started = std::get_if<engine::ExecutionStarted>(&answer)) {
    std::string request_id = started->request_id.empty() ? env.NewRequestId() : started->request_id;
    if (!started->status.ok()) return ServiceFailure(started->status, request_id);
    // The StartExecution response the metadata describes.
    Json response = {{"executionArn", started->execution_arn},
                     {"startDate", ToEpochSeconds(started->start_date)}};
    return Json{
        {"ExecutionArn", started->execution_arn},
        {"SdkHttpMetadata", SdkHttpMetadata(DumpJson(response).size(), request_id, env.now)},
        {"SdkResponseMetadata", {{"RequestId", request_id}}},
        {"StartDate", ToEpochMillis(started->start_date)}};
  }
  if (const auto* ended = std::get_if<engine::ExecutionEnded>(&answer)) {
    Json d = Description(*ended, task.pattern == engine::Pattern::kSync2);
    if (ended->status == "SUCCEEDED") return d;
    return Failure{errors::kTaskFailed, DumpJson(d)};
  }
  return Failure{errors::kRuntime,
                 "A startExecution task received an answer of another integration."};
}

}  // namespace sfn::integrations
