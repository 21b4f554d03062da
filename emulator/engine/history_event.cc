#include "emulator/engine/history_event.h"

#include <cctype>

namespace sfn::engine {
namespace {

HistoryEvent Make(std::string type, std::string details_key, Json details) {
  HistoryEvent e;
  e.type = std::move(type);
  e.details_key = std::move(details_key);
  e.details = std::move(details);
  return e;
}

Json Truncated() { return Json{{"truncated", false}}; }

void SetIf(Json& obj, const char* key, const std::optional<std::string>& value) {
  if (value) obj[key] = *value;
}

// Events whose details are an optional error and cause; absent ones are left
// out, as AWS does.
HistoryEvent ErrorEvent(const char* type, const char* key, const std::optional<std::string>& error,
                        const std::optional<std::string>& cause) {
  Json d = Json::object();
  SetIf(d, "error", error);
  SetIf(d, "cause", cause);
  return Make(type, key, std::move(d));
}

// AWS names an event's details after its type: "TaskFailed" ->
// "taskFailedEventDetails" (state entered/exited events excepted).
std::string DetailsKeyOf(std::string_view type) {
  std::string key(type);
  if (!key.empty()) key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  return key + "EventDetails";
}

}  // namespace

namespace events {

HistoryEvent ExecutionStarted(const std::string& input, const std::string& role_arn,
                              const std::optional<std::string>& version_arn,
                              const std::optional<std::string>& alias_arn) {
  Json d = {{"input", input}, {"inputDetails", Truncated()}, {"roleArn", role_arn}};
  SetIf(d, "stateMachineAliasArn", alias_arn);
  SetIf(d, "stateMachineVersionArn", version_arn);
  return Make("ExecutionStarted", "executionStartedEventDetails", std::move(d));
}

HistoryEvent ExecutionSucceeded(const std::string& output) {
  return Make("ExecutionSucceeded", "executionSucceededEventDetails",
              {{"output", output}, {"outputDetails", Truncated()}});
}

HistoryEvent ExecutionFailed(const std::optional<std::string>& error,
                             const std::optional<std::string>& cause) {
  return ErrorEvent("ExecutionFailed", "executionFailedEventDetails", error, cause);
}

HistoryEvent ExecutionAborted(const std::optional<std::string>& error,
                              const std::optional<std::string>& cause) {
  return ErrorEvent("ExecutionAborted", "executionAbortedEventDetails", error, cause);
}

HistoryEvent ExecutionTimedOut(const std::optional<std::string>& error,
                               const std::optional<std::string>& cause) {
  return ErrorEvent("ExecutionTimedOut", "executionTimedOutEventDetails", error, cause);
}

HistoryEvent StateEntered(std::string_view type_prefix, const std::string& name,
                          const std::string& input) {
  return Make(std::string(type_prefix) + "StateEntered", "stateEnteredEventDetails",
              {{"name", name}, {"input", input}, {"inputDetails", Truncated()}});
}

HistoryEvent StateExited(std::string_view type_prefix, const std::string& name,
                         const std::string& output, const Json& assigned) {
  Json d = {{"name", name}, {"output", output}, {"outputDetails", Truncated()}};
  if (assigned.is_object() && !assigned.empty()) {
    // Each value as JSON text (API reference, "StateExitedEventDetails").
    Json vars = Json::object();
    for (auto it = assigned.begin(); it != assigned.end(); ++it) vars[it.key()] = DumpJson(*it);
    d["assignedVariables"] = std::move(vars);
    d["assignedVariablesDetails"] = Truncated();
  }
  return Make(std::string(type_prefix) + "StateExited", "stateExitedEventDetails", std::move(d));
}

HistoryEvent Bare(std::string type) { return Make(std::move(type), "", nullptr); }

HistoryEvent MapStateStarted(int64_t length) {
  return Make("MapStateStarted", "mapStateStartedEventDetails", {{"length", length}});
}

HistoryEvent MapIteration(const char* type, int64_t index, const std::string& map_state_name) {
  return Make(type, DetailsKeyOf(type), {{"name", map_state_name}, {"index", index}});
}

HistoryEvent MapRunStarted(const std::string& map_run_arn) {
  return Make("MapRunStarted", "mapRunStartedEventDetails", {{"mapRunArn", map_run_arn}});
}

HistoryEvent TaskScheduled(const std::string& resource_type, const std::string& resource,
                           const std::string& region, const std::string& parameters,
                           const std::optional<int64_t>& timeout_seconds,
                           const std::optional<int64_t>& heartbeat_seconds) {
  Json d = {{"resourceType", resource_type},
            {"resource", resource},
            {"region", region},
            {"parameters", parameters}};
  if (timeout_seconds) d["timeoutInSeconds"] = *timeout_seconds;
  if (heartbeat_seconds) d["heartbeatInSeconds"] = *heartbeat_seconds;
  return Make("TaskScheduled", "taskScheduledEventDetails", std::move(d));
}

HistoryEvent TaskStarted(const std::string& resource_type, const std::string& resource) {
  return Make("TaskStarted", "taskStartedEventDetails",
              {{"resourceType", resource_type}, {"resource", resource}});
}

HistoryEvent TaskSucceeded(const std::string& resource_type, const std::string& resource,
                           const std::string& output) {
  return Make("TaskSucceeded", "taskSucceededEventDetails",
              {{"resourceType", resource_type},
               {"resource", resource},
               {"output", output},
               {"outputDetails", Truncated()}});
}

HistoryEvent TaskEnded(const char* type, const std::string& resource_type,
                       const std::string& resource, const std::optional<std::string>& error,
                       const std::optional<std::string>& cause) {
  HistoryEvent e = ErrorEvent(type, DetailsKeyOf(type).c_str(), error, cause);
  e.details["resourceType"] = resource_type;
  e.details["resource"] = resource;
  return e;
}

HistoryEvent LambdaFunctionScheduled(const std::string& resource, const std::string& input,
                                     const std::optional<int64_t>& timeout_seconds) {
  Json d = {{"resource", resource}, {"input", input}, {"inputDetails", Truncated()}};
  if (timeout_seconds) d["timeoutInSeconds"] = *timeout_seconds;
  return Make("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", std::move(d));
}

HistoryEvent LambdaFunctionSucceeded(const std::string& output) {
  return Make("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails",
              {{"output", output}, {"outputDetails", Truncated()}});
}

HistoryEvent LambdaFunctionEnded(const char* type, const std::optional<std::string>& error,
                                 const std::optional<std::string>& cause) {
  return ErrorEvent(type, DetailsKeyOf(type).c_str(), error, cause);
}

HistoryEvent MapRunFailed(const std::optional<std::string>& error,
                          const std::optional<std::string>& cause) {
  return ErrorEvent("MapRunFailed", "mapRunFailedEventDetails", error, cause);
}

}  // namespace events
}  // namespace sfn::engine
